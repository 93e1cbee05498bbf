/** A credential-shaped substring of a value. */
export interface CredentialMatch {
  /** What it looks like, e.g. "an AWS access key ID". */
  kind: string;
  /** The value with the secret masked, safe to print. */
  masked: string;
  /** The secret characters themselves: what must never be printed, wherever it is echoed. */
  secret: string;
}

/** Where a secret sits in a string: `[start, end)`, the part to mask (not the key or prefix around it). */
interface SecretSpan {
  start: number;
  end: number;
  group: string;
}

/** `[pP][aA]...`: a case-insensitive literal inside the one case-sensitive detector. */
const ci = (word: string): string => word.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);

/**
 * Well-known credential shapes, as one alternation so each string is scanned once. Every
 * open-ended run starts behind a look-behind boundary (or a literal like `://`) or is bounded,
 * so matching is linear in the length of the string even on adversarial input. `secret` names the
 * capture group holding the secret itself when it is not the whole match.
 */
const SHAPES: { group: string; kind: string; source: string; secret?: string }[] = [
  { group: 'aws', kind: 'an AWS access key ID', source: '(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])' },
  {
    group: 'awssecret',
    kind: 'an AWS secret access key',
    source:
      '(?<![A-Za-z0-9])aws_?secret(?:_?access)?_?key["\']?\\s{0,8}[:=]\\s{0,8}["\']?(?<awskey>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])',
    secret: 'awskey',
  },
  {
    group: 'github',
    kind: 'a GitHub token',
    source: '(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})',
  },
  { group: 'npm', kind: 'an npm token', source: '(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36,}' },
  { group: 'slack', kind: 'a Slack token', source: '(?<![A-Za-z0-9-])xox[abeoprs]-[A-Za-z0-9-]{10,}' },
  {
    group: 'slackhook',
    kind: 'a Slack webhook URL',
    source: 'hooks\\.slack\\.com\\/(?:services|workflows|triggers)\\/(?<hook>[A-Za-z0-9_/-]{16,})',
    secret: 'hook',
  },
  { group: 'google', kind: 'a Google API key', source: '(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])' },
  { group: 'stripe', kind: 'a Stripe live key', source: '(?<![A-Za-z0-9_])(?:sk|rk)_live_[0-9A-Za-z]{16,}' },
  {
    group: 'azure',
    kind: 'an Azure account key',
    source: '(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)=(?<azkey>[A-Za-z0-9+/]{16,}={0,2})',
    secret: 'azkey',
  },
  { group: 'pem', kind: 'a private key', source: '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----' },
  {
    group: 'jwt',
    kind: 'a JSON Web Token',
    source: '(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}(?:\\.[A-Za-z0-9_-]+)?',
  },
  {
    // `scheme://user:password@host`, `redis://:password@host`. A password holding `/` is recognised
    // when what precedes the `/` cannot be a port (`oci://registry:5000/model@sha256:...` is not one).
    group: 'urlpass',
    kind: 'a password in a URL',
    source: ':\\/\\/[^\\s/:@]{0,256}:(?<pw>[^\\s/@]{1,256}|(?=[^\\s/@]{0,256}[^\\s/@\\d])[^\\s@]{1,256})@',
    secret: 'pw',
  },
  {
    // JDBC `?password=`, libpq `?sslpassword=`, ADO.NET `Password=...;` and `Pwd=...;`.
    group: 'qpass',
    kind: 'a password in a connection string',
    source: `(?<![A-Za-z0-9])(?:${ci('ssl')})?(?:${ci('password')}|${ci('passwd')}|${ci('pwd')})=(?<qpw>[^&;\\s"'<>]{1,256})`,
    secret: 'qpw',
  },
];

const DETECTOR_SOURCE = SHAPES.map((s) => `(?<${s.group}>${s.source})`).join('|');
const DETECTOR = new RegExp(DETECTOR_SOURCE);
const DETECTOR_ALL = new RegExp(DETECTOR_SOURCE, 'g');

/** Placeholders that stand for a secret without being one: `${DB_PASSWORD}`, `<password>`, `****`. */
const PLACEHOLDER = /^(?:\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|<[^>]*>|\*+|x+|\{\{[^}]*\}\}|%[A-Z_]+%)$/i;

/** The secret part of a match, or undefined when it is a placeholder (a template, not a secret). */
function spanOf(text: string, m: RegExpExecArray): SecretSpan | undefined {
  const groups = m.groups!;
  const shape = SHAPES.find((s) => groups[s.group] !== undefined)!;
  const whole = groups[shape.group]!;
  if (shape.group === 'pem') {
    const start = m.index + whole.length;
    return { start, end: pemBodyEnd(text, start), group: 'pem' };
  }
  if (shape.secret === undefined) return { start: m.index, end: m.index + whole.length, group: shape.group };
  const secret = groups[shape.secret]!;
  if (PLACEHOLDER.test(secret)) return undefined;
  let end = m.index + whole.length - (shape.group === 'urlpass' ? 1 : 0);
  const start = end - secret.length;
  if (shape.group === 'urlpass') {
    // An unencoded `@` in the password: `pg` reads up to the last `@` of the authority.
    const authority = /^[^\s/?#]{0,256}/.exec(text.slice(end + 1, end + 258))![0];
    const last = authority.lastIndexOf('@');
    if (last !== -1) end += last + 1;
  }
  return { start, end, group: shape.group };
}

/** The end of a PEM body: base64, whitespace and `\n`-style escapes, up to `-----END` or anything else. */
function pemBodyEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ && i + 1 < text.length) i += 2;
    else if (/[A-Za-z0-9+/=\s]/.test(text[i]!)) i++;
    else break;
  }
  return i;
}

/** Every credential-shaped secret in `text`, in order. Linear in its length. */
function spans(text: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  if (text.length < 7) return out;
  DETECTOR_ALL.lastIndex = 0;
  for (let m = DETECTOR_ALL.exec(text); m; m = DETECTOR_ALL.exec(text)) {
    const span = spanOf(text, m);
    if (span && span.end > span.start) {
      out.push(span);
      if (span.end > DETECTOR_ALL.lastIndex) DETECTOR_ALL.lastIndex = span.end;
    }
    if (m[0].length === 0) DETECTOR_ALL.lastIndex++;
  }
  return out;
}

function maskToken(token: string): string {
  return `${token.slice(0, 4)}… (${token.length} characters)`;
}

/** The first credential-shaped part of `text`, or undefined. */
export function findCredential(text: string): CredentialMatch | undefined {
  if (text.length < 7) return undefined;
  let offset = 0;
  for (;;) {
    const m = DETECTOR.exec(offset === 0 ? text : text.slice(offset));
    if (!m) return undefined;
    const rest = offset === 0 ? text : text.slice(offset);
    const span = spanOf(rest, m);
    if (span) return describeMatch(rest, m, span);
    // A placeholder (`user:${PASSWORD}@host`) is a template, not a secret; look further along.
    offset += m.index + m[0].length;
  }
}

function describeMatch(text: string, m: RegExpExecArray, span: SecretSpan): CredentialMatch {
  const shape = SHAPES.find((s) => s.group === span.group)!;
  const secret = text.slice(span.start, span.end);
  const found = m[0];
  switch (span.group) {
    case 'urlpass': {
      const start = text.lastIndexOf(' ', m.index) + 1;
      const hostEnd = text.slice(span.end + 1).search(/[\s/]/);
      const shown = `${text.slice(start, span.start)}****@${text.slice(span.end + 1, hostEnd === -1 ? undefined : span.end + 1 + hostEnd)}`;
      return { kind: shape.kind, masked: clipped(shown), secret };
    }
    case 'pem':
      return { kind: shape.kind, masked: found, secret };
    case 'awssecret':
    case 'azure':
      return { kind: shape.kind, masked: `${text.slice(m.index, span.start)}${maskToken(secret)}`, secret };
    case 'qpass':
      return {
        kind: shape.kind,
        masked: `${text.slice(m.index, span.start)}**** (${secret.length} characters)`,
        secret,
      };
    case 'slackhook':
      return { kind: shape.kind, masked: `${text.slice(m.index, span.start)}****`, secret };
    default:
      return { kind: shape.kind, masked: maskToken(found), secret };
  }
}

const clipped = (s: string): string => (s.length > 120 ? `${s.slice(0, 117)}...` : s);

/** Words whose presence as the last word of a key (`dbPassword`, `client_secret`) make its value a secret. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'secretkey',
  'privatekey',
  'credential',
  'credentials',
]);
/** `<word> key` pairs that name a secret (`api_key`, `privateKey`, `secret_key`, `AccountKey`). */
const KEY_QUALIFIERS = new Set([
  'api',
  'private',
  'access',
  'secret',
  'account',
  'signing',
  'encryption',
  'master',
  'auth',
  'ssh',
  'shared',
]);
/** Trailing words that turn a secret word into something about a secret: `passwordFile`, `secretRef`, `tokenUrl`. */
const VALUE_WORDS = new Set(['value', 'b64', 'base64', 'hash', 'string', 'plain', 'plaintext', 'raw']);

/** A key's words: `dbPassword` → db, password; `x-api-key` → x, api, key; `APIKey` → api, key. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * Whether a mapping key names a secret: its last word is a secret word (`password`, `db_password`,
 * `dbPassword`, `passphrase`, `client_secret`, `authToken`), or `key` after a qualifier (`api_key`,
 * `privateKey`, `AccountKey`), optionally followed by a value word (`password_b64`). `secretRef`,
 * `passwordFile`, `tokenUrl` and `maxTokens` are not: their last word says what they are.
 */
export function isSecretKey(key: string): boolean {
  if (key.length > 64) return false;
  // Every mapping key of every document is asked about, and keys repeat (spec, name, version...).
  let known = secretKeys.get(key);
  if (known === undefined) {
    if (secretKeys.size >= MAX_CACHED_KEYS) secretKeys.clear();
    secretKeys.set(key, (known = judgeKey(key)));
  }
  return known;
}

const secretKeys = new Map<string, boolean>();
const MAX_CACHED_KEYS = 10_000;

function judgeKey(key: string): boolean {
  const w = words(key);
  while (w.length > 1 && VALUE_WORDS.has(w[w.length - 1]!)) w.pop();
  const last = w[w.length - 1];
  if (last === undefined) return false;
  if (SECRET_WORDS.has(last)) return true;
  return last === 'key' && w.length > 1 && (KEY_QUALIFIERS.has(w[w.length - 2]!) || SECRET_WORDS.has(w[w.length - 2]!));
}

const FILE_PATH = /^(?:\.{0,2}\/|~\/)[\w./-]+$/;

/** A secret held under a key such as `password:`, `db_password:` or `apiKey:`, or undefined. */
export function findKeyedSecret(key: string, value: string): CredentialMatch | undefined {
  if (!isSecretKey(key)) return undefined;
  const v = value.trim();
  if (v.length < 8 || /\s/.test(v) || PLACEHOLDER.test(v) || FILE_PATH.test(v)) return undefined;
  return { kind: `a secret under \`${key}\``, masked: `${v.slice(0, 2)}… (${v.length} characters)`, secret: v };
}

/** The character that replaces each character of a secret. */
const MASK = '*';

/**
 * `text` with every credential-shaped secret in it (`spans`) and every occurrence of `known`
 * (secrets found elsewhere, e.g. under a `password:` key) replaced by `*`, character for character:
 * lines, columns and whitespace stay where they were, so positions computed on the original still
 * point at the same places, and the text still parses as the same YAML (a `*` that would start a
 * scalar, i.e. an alias, keeps the secret's first character instead).
 */
export function maskSecrets(text: string, known?: SecretIndex): string {
  const masks = spans(text).map((s): [number, number] => [s.start, s.end]);
  if (known) for (const m of known.find(text)) masks.push(m);
  if (masks.length === 0) return text;
  masks.sort((a, b) => a[0] - b[0]);
  let out = '';
  let from = 0;
  for (const [start, end] of masks) {
    if (end <= from) continue;
    const s = Math.max(start, from);
    out += text.slice(from, s) + maskRun(text, s, end);
    from = end;
  }
  return out + text.slice(from);
}

function maskRun(text: string, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < end) {
      // An escape (`\n` in a double-quoted PEM): kept, so the string stays valid.
      out += text.slice(i, i + 2);
      i++;
    } else if (/\s/.test(c)) out += c;
    else if (i === start && (i === 0 || /[\s[{,]/.test(text[i - 1]!))) out += c;
    else out += MASK;
  }
  return out;
}

/** Shortest secret looked for by value: shorter ones are masked only where their shape shows them. */
const MIN_KNOWN = 6;

/**
 * Secrets found in the documents, to mask wherever they are echoed: in messages, hints, paths and
 * the file texts shown in code frames. Finding them all costs one pass over the text, whatever
 * their number (indexed by their first characters).
 */
export class SecretIndex {
  /** Secrets by their first characters, and the lengths each prefix's secrets have (longest first). */
  private readonly byPrefix = new Map<string, { secrets: Set<string>; lengths: number[] }>();

  get size(): number {
    return this.byPrefix.size;
  }

  add(secret: string): void {
    // A multi-line secret (a PEM body in a block scalar) appears line by line, indented, in the file;
    // a double-quoted one with its escapes.
    const forms = new Set<string>();
    for (const line of secret.split('\n')) forms.add(line.trim());
    forms.add(JSON.stringify(secret).slice(1, -1));
    for (const form of forms) {
      if (form.length < MIN_KNOWN) continue;
      const prefix = form.slice(0, MIN_KNOWN);
      let bucket = this.byPrefix.get(prefix);
      if (!bucket) this.byPrefix.set(prefix, (bucket = { secrets: new Set(), lengths: [] }));
      bucket.secrets.add(form);
      if (!bucket.lengths.includes(form.length)) {
        bucket.lengths.push(form.length);
        bucket.lengths.sort((a, b) => b - a);
      }
    }
  }

  /** Where the known secrets occur in `text`. */
  find(text: string): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    if (this.byPrefix.size === 0) return out;
    for (let i = 0; i + MIN_KNOWN <= text.length; i++) {
      const bucket = this.byPrefix.get(text.slice(i, i + MIN_KNOWN));
      if (!bucket) continue;
      const length = bucket.lengths.find((l) => bucket.secrets.has(text.slice(i, i + l)));
      if (length !== undefined) out.push([i, i + length]);
    }
    return out;
  }
}

/** Every secret of a string: the credential-shaped parts, for a `SecretIndex`. */
export function secretsIn(text: string): string[] {
  return spans(text).map((s) => text.slice(s.start, s.end));
}
