import { describe, expect, it } from 'vitest';
import { findCredential } from '../../src/validate/credentials.js';
import { cronProblem } from '../../src/validate/rules/formats.js';
import { CHURN_DEPLOYMENT, DATA_SOURCES, FRAUD_DEPLOYMENT, diagnosticsOf, findings } from '../support/base-rules.js';
import { digest } from '../support/values.js';

const CHURN = 'environments/dev/churn.yaml';
const DATA = 'environments/dev/data.yaml';
const DEP = 'environments/dev/fraud-detector.yaml';

describe('formats', () => {
  it('invalid-cron: six fields, an out-of-range value, a macro', async () => {
    const churn = CHURN_DEPLOYMENT.replace('"0 2 * * *"', '"0 0 2 * * *"');
    const data = DATA_SOURCES.replace('"*/30 * * * *"', '"61 * * * *"');
    expect(await findings({ [CHURN]: churn, [DATA]: data })).toEqual([
      ['invalid-cron', CHURN, 8],
      ['invalid-cron', DATA, 11],
    ]);
    const [d] = await diagnosticsOf('invalid-cron', { [CHURN]: churn });
    expect(d?.message).toBe(
      'schedule `0 0 2 * * *` is not a five-field cron expression: it has 6 fields; cron here has exactly five (minute, hour, day of month, month, day of week)',
    );
    expect(cronProblem('@daily')).toBe('macros such as `@daily` are not supported');
    expect(cronProblem('61 * * * *')).toBe('got value 61 expected range 0-59');
  });

  it('invalid-cron: passes for ranges, steps and names', async () => {
    const churn = CHURN_DEPLOYMENT.replace('"0 2 * * *"', '"15 1-5/2 * JAN-JUN MON-FRI"');
    expect(await findings({ [CHURN]: churn })).toEqual([]);
  });
});

const AWS = 'AKIA' + 'IOSFODNN7EXAMPLE';
const GITHUB = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const SLACK = 'xoxb-' + '123456789012-abcdefghij';
const GOOGLE = 'AIza' + 'SyA1234567890abcdefghijklmnopqrstuv';
const STRIPE = 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc';
const JWT = 'eyJhbGciOiJIUzI1NiJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('secrets', () => {
  it('inline-credential: well-known shapes anywhere, never echoed in full', async () => {
    const dep = FRAUD_DEPLOYMENT.replace(
      'metadata: {name: fraud-detector}',
      `metadata:\n  name: fraud-detector\n  annotations:\n    aws: ${AWS}\n    gh: ${GITHUB}\n    slack: ${SLACK}\n    google: ${GOOGLE}\n    stripe: ${STRIPE}\n    jwt: ${JWT}\n    dsn: postgres://app:s3cretpass@db.internal:5432/scores\n    pem: "-----BEGIN RSA PRIVATE KEY-----\\nMIIE..."\n    password: hunter2hunter2`,
    );
    const r = await findings({ [DEP]: dep });
    expect(r).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14].map((line) => ['inline-credential', DEP, line]));
    const ds = await diagnosticsOf('inline-credential', { [DEP]: dep });
    expect(ds.map((d) => d.message)).toEqual([
      '`metadata.annotations.aws` holds what looks like an AWS access key ID (AKIA… (20 characters))',
      '`metadata.annotations.gh` holds what looks like a GitHub token (ghp_… (40 characters))',
      '`metadata.annotations.slack` holds what looks like a Slack token (xoxb… (15 characters))',
      '`metadata.annotations.google` holds what looks like a Google API key (AIza… (39 characters))',
      '`metadata.annotations.stripe` holds what looks like a Stripe live key (sk_l… (24 characters))',
      '`metadata.annotations.jwt` holds what looks like a JSON Web Token (eyJh… (34 characters))',
      '`metadata.annotations.dsn` holds what looks like a password in a URL (postgres://app:****@db.internal:5432)',
      '`metadata.annotations.pem` holds what looks like a private key (-----BEGIN RSA PRIVATE KEY-----)',
      '`metadata.annotations.password` holds what looks like a secret under `password` (hu… (14 characters))',
    ]);
    for (const d of ds)
      for (const secret of [AWS, GITHUB, SLACK, GOOGLE, STRIPE, JWT, 's3cretpass', 'hunter2hunter2'])
        expect(d.message).not.toContain(secret);
    expect(ds[0]?.hint).toContain('secretRef: {provider: env');
  });

  it('inline-credential: caught in a document that fails its schema too', async () => {
    const data = DATA_SOURCES.replace(
      'connection: {secretRef: {provider: env, key: WAREHOUSE_URL}}',
      'connection: "postgresql://etl:Tr0ub4dor@warehouse:5432/analytics"',
    );
    expect(await findings({ [DATA]: data })).toEqual([
      ['inline-credential', DATA, 7],
      ['schema-type', DATA, 7],
    ]);
  });

  it('inline-credential: passes for secretRefs, URLs without passwords, placeholders and look-alikes', async () => {
    const dep = FRAUD_DEPLOYMENT.replace(
      'metadata: {name: fraud-detector}',
      'metadata:\n  name: fraud-detector\n  annotations:\n    docs: https://alice@wiki.example.com/fraud\n    dsn: postgres://app:${DB_PASSWORD}@db:5432/x\n    note: AKIA is the prefix of AWS key IDs\n    token: short\n    sha: "' +
        digest('ab') +
        '"',
    );
    expect(await findings({ [DEP]: dep })).toEqual([]);
  });

  it('findCredential scans adversarial input without backtracking blow-ups', () => {
    // Each of these makes a naive pattern quadratic; with the look-behind anchors they finish at once
    // (a regression shows up as this test hanging past its timeout, not as a timing assertion).
    const hostile = [
      'eyJ-'.repeat(200_000),
      '://a'.repeat(200_000),
      `eyJ${'a'.repeat(500_000)}`,
      `${'a'.repeat(500_000)}:`,
      `://${'a:'.repeat(200_000)}`,
    ];
    for (const h of hostile) expect(findCredential(h)).toBeUndefined();
  });
});
