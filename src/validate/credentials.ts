/** A credential-shaped substring of a value. */
export interface CredentialMatch {
  /** What it looks like, e.g. "an AWS access key ID". */
  kind: string;
  /** The value with the secret masked, safe to print. */
  masked: string;
}

/**
 * Well-known credential shapes, as one alternation so each string is scanned once. Every
 * open-ended run starts behind a look-behind boundary (or a literal like `://`), so matching
 * is linear in the length of the string even on adversarial input.
 */
const SHAPES: { group: string; kind: string; source: string }[] = [
  { group: 'aws', kind: 'an AWS access key ID', source: '(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])' },
  {
    group: 'awssecret',
    kind: 'an AWS secret access key',
    source:
      '(?<![A-Za-z0-9])aws_?secret(?:_?access)?_?key["\']?\\s{0,8}[:=]\\s{0,8}["\']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])',
  },
  {
    group: 'github',
    kind: 'a GitHub token',
    source: '(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22})',
  },
  { group: 'slack', kind: 'a Slack token', source: '(?<![A-Za-z0-9-])xox[abprs]-[A-Za-z0-9-]{10}' },
  { group: 'google', kind: 'a Google API key', source: '(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])' },
  { group: 'stripe', kind: 'a Stripe live key', source: '(?<![A-Za-z0-9_])(?:sk|rk)_live_[0-9A-Za-z]{16}' },
  { group: 'pem', kind: 'a private key', source: '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----' },
  { group: 'jwt', kind: 'a JSON Web Token', source: '(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10}' },
  { group: 'urlpass', kind: 'a password in a URL', source: ':\\/\\/[^\\s/:@]+:(?<pw>[^\\s/@]+)@' },
];

const DETECTOR = new RegExp(SHAPES.map((s) => `(?<${s.group}>${s.source})`).join('|'));

/** Placeholders that stand for a secret without being one: `${DB_PASSWORD}`, `<password>`, `****`. */
const PLACEHOLDER = /^(?:\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|<[^>]*>|\*+|x+|\{\{[^}]*\}\})$/i;

/** Mapping keys whose string values are secrets whatever they look like. */
const SECRET_KEYS =
  /^(?:password|passwd|pwd|secret|client[-_]?secret|api[-_]?key|apikey|access[-_]?token|auth[-_]?token|token|private[-_]?key|secret[-_]?key|aws[-_]?secret[-_]?access[-_]?key)$/i;

function maskToken(token: string): string {
  return `${token.slice(0, 4)}… (${token.length} characters)`;
}

/** The first credential-shaped part of `text`, or undefined. */
export function findCredential(text: string): CredentialMatch | undefined {
  if (text.length < 7) return undefined;
  const m = DETECTOR.exec(text);
  if (!m?.groups) return undefined;
  const shape = SHAPES.find((s) => m.groups![s.group] !== undefined)!;
  const found = m.groups[shape.group]!;
  if (shape.group === 'urlpass') {
    const pw = m.groups.pw!;
    if (PLACEHOLDER.test(pw)) {
      // `user:${PASSWORD}@host` is a template, not a secret; look further along.
      const rest = findCredential(text.slice(m.index + found.length));
      return rest;
    }
    const start = text.lastIndexOf(' ', m.index) + 1;
    const end = m.index + found.length;
    const hostEnd = text.slice(end).search(/[\s/]/);
    const shown = `${text.slice(start, m.index + found.length - pw.length - 2)}:****@${text.slice(end, hostEnd === -1 ? undefined : end + hostEnd)}`;
    return { kind: shape.kind, masked: shown.length > 120 ? `${shown.slice(0, 117)}...` : shown };
  }
  if (shape.group === 'pem') return { kind: shape.kind, masked: found };
  if (shape.group === 'awssecret')
    return { kind: shape.kind, masked: `${found.slice(0, found.length - 40)}${maskToken(found.slice(-40))}` };
  return { kind: shape.kind, masked: maskToken(found) };
}

/** A secret held under a key such as `password:` or `apiKey:`, or undefined. */
export function findKeyedSecret(key: string, value: string): CredentialMatch | undefined {
  if (!SECRET_KEYS.test(key)) return undefined;
  const v = value.trim();
  if (v.length < 8 || /\s/.test(v) || PLACEHOLDER.test(v)) return undefined;
  return { kind: `a secret under \`${key}\``, masked: `${v.slice(0, 2)}… (${v.length} characters)` };
}
