/** What replaces a secret in any text that leaves an engine. */
const MASK = '***';

/**
 * `text` with every secret removed: the given strings (a connection URL, its password in plain and
 * URL-encoded form), any `scheme://user:password@` credentials and `password=...` pairs. Driver
 * messages can echo connection details; nothing an engine reports is allowed to carry them.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a URL goes before the password inside it.
  const unique = [...new Set(secrets.filter((s) => s.length >= 3))].sort((a, b) => b.length - a.length);
  for (const secret of unique) out = out.split(secret).join(MASK);
  return out
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, `$1${MASK}@`)
    .replace(/(password\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, `$1${MASK}`);
}

/** The strings to scrub for a connection URL: itself, and its password as written and decoded. */
export function urlSecrets(url: string): string[] {
  const secrets = [url];
  try {
    const parsed = new URL(url);
    if (parsed.password) secrets.push(parsed.password, decodeURIComponent(parsed.password));
    const queryPassword = parsed.searchParams.get('password');
    if (queryPassword) secrets.push(queryPassword, encodeURIComponent(queryPassword));
  } catch {
    // Not a URL (a libpq key=value string): the pattern scrubbing in `scrub` still applies.
  }
  return secrets;
}
