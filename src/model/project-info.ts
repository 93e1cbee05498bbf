/** Kept in step with package.json by a test (tests/cli/version.test.ts); a literal so `--version` reads no file. */
export const VERSION = '0.1.0';

/** The project's home (package.json `homepage`, kept in step by the same test). */
export const HOMEPAGE = 'https://github.com/slipway-dev/slipway';

/** Where a rule code is explained, with a failing and a passing example. */
export const ruleDocsUrl = (code: string): string => `${HOMEPAGE}/blob/main/docs/rules.md#${code}`;
