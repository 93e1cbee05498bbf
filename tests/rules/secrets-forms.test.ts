import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../src/format/github.js';
import { formatJson } from '../../src/format/json.js';
import { formatSarif } from '../../src/format/sarif.js';
import { formatText } from '../../src/format/text.js';
import { loadTree } from '../../src/load/load-tree.js';
import { fsTree } from '../../src/load/fs-tree.js';
import { findCredential, isSecretKey, maskSecrets } from '../../src/validate/credentials.js';
import { validateTree } from '../../src/validate/index.js';
import type { ValidateReport } from '../../src/validate/report.js';
import { runCli } from '../support/cli.js';
import { DATA_SOURCES, FRAUD_DEPLOYMENT, diagnosticsOf, findings, repo } from '../support/base-rules.js';
import { writeRepo } from '../support/config-repo.js';

const DEP = 'environments/dev/fraud-detector.yaml';
const DATA = 'environments/dev/data.yaml';

// Split so that secret scanners do not flag this file.
const AZURE_KEY = 'Zm9vYmFy' + 'QkFaMTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0g0NTY3ODkwKysvL3h5eg==';
const NPM = 'npm_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const XOXB = 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const XOXP = 'xoxp-' + '123456789012-123456789012-123456789012-0123456789abcdef0123456789abcdef';
const HOOK = 'T0AB1CD2E' + '/B0FG3HI4J/abcdEFGHijklMNOPqrstUVWX';
const PEM_BODY = 'b3BlbnNzaC1rZXktdjEAAAAA' + 'BG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW';
const GITHUB = 'ghp_' + 'Zz1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R';

/** Each form that the detector missed before, with the secret that must never be printed. */
const FORMS: Array<[key: string, value: string, secret: string, kind: string]> = [
  ['db_password', 'Sup3rS3cretValue', 'Sup3rS3cretValue', 'a secret under `db_password`'],
  ['dbPassword', 'An0therS3cretValue', 'An0therS3cretValue', 'a secret under `dbPassword`'],
  ['passphrase', 'correct-horse-battery', 'correct-horse-battery', 'a secret under `passphrase`'],
  ['client_secret', 'cl1ent-s3cret-value', 'cl1ent-s3cret-value', 'a secret under `client_secret`'],
  ['cache', 'redis://:R3disPassw0rd@cache.internal:6379/0', 'R3disPassw0rd', 'a password in a URL'],
  ['queue', 'amqp://app:pa@ss@W0rd@mq.internal/vhost', 'pa@ss@W0rd', 'a password in a URL'],
  [
    'jdbc',
    'jdbc:postgresql://db:5432/app?user=app&password=JdbcS3cret99',
    'JdbcS3cret99',
    'a password in a connection string',
  ],
  [
    'ado',
    '"Server=db;Database=app;User Id=app;Password=Ad0S3cret77;"',
    'Ad0S3cret77',
    'a password in a connection string',
  ],
  [
    'azure',
    `"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${AZURE_KEY};EndpointSuffix=core.windows.net"`,
    AZURE_KEY,
    'an Azure account key',
  ],
  ['hook', `https://hooks.slack.com/services/${HOOK}`, HOOK, 'a Slack webhook URL'],
  ['npm', NPM, NPM, 'an npm token'],
  ['bot', XOXB, XOXB, 'a Slack token'],
  ['user', XOXP, XOXP, 'a Slack token'],
];

const annotations = (lines: string[]): string =>
  FRAUD_DEPLOYMENT.replace(
    'metadata: {name: fraud-detector}',
    `metadata:\n  name: fraud-detector\n  annotations:\n${lines.map((l) => `    ${l}`).join('\n')}`,
  );

describe('secret detection: the forms it used to miss', () => {
  it('inline-credential for each form, at its line, never echoing the secret', async () => {
    const dep = annotations([
      ...FORMS.map(([k, v]) => `${k}: ${v}`),
      'sshKey: |',
      '  -----BEGIN OPENSSH PRIVATE KEY-----',
      `  ${PEM_BODY}`,
      '  -----END OPENSSH PRIVATE KEY-----',
      `"${GITHUB}": a GitHub token used as a key`,
    ]);
    const lines = FORMS.map((_, i) => 6 + i);
    expect(await findings({ [DEP]: dep })).toEqual(
      [...lines, 6 + FORMS.length, 10 + FORMS.length].map((line) => ['inline-credential', DEP, line]),
    );
    const ds = await diagnosticsOf('inline-credential', { [DEP]: dep });
    expect(ds.map((d) => d.message.replace(/ \(.*\)$/, ''))).toEqual([
      ...FORMS.map(([k, , , kind]) => `\`metadata.annotations.${k}\` holds what looks like ${kind}`),
      '`metadata.annotations.sshKey` holds what looks like a private key',
      'a key of `metadata.annotations` looks like a GitHub token',
    ]);
    expect(ds[2]!.message).toContain('(co… (21 characters))');
    expect(ds[5]!.message).toContain('(amqp://app:****@mq.internal)');
    expect(ds[6]!.message).toContain('(password=**** (12 characters))');
    expect(ds[FORMS.length + 1]!.message).toContain('(ghp_… (40 characters))');
    const everything = JSON.stringify(ds);
    for (const secret of [...FORMS.map(([, , s]) => s), PEM_BODY, GITHUB]) expect(everything).not.toContain(secret);
  });

  it('keys that merely contain a secret word are secret keys; keys that say what they point to are not', () => {
    for (const key of [
      'password',
      'db_password',
      'dbPassword',
      'DB_PASSWORD',
      'passphrase',
      'client_secret',
      'clientSecret',
      'apiKey',
      'x-api-key',
      'private_key',
      'AccountKey',
      'authToken',
      'secret_key',
      'password_b64',
    ])
      expect(isSecretKey(key), key).toBe(true);
    for (const key of [
      'secretRef',
      'passwordFile',
      'tokenUrl',
      'maxTokens',
      'tokenizer',
      'key',
      'monkey',
      'secretName',
      'card_token_column',
    ])
      expect(isSecretKey(key), key).toBe(false);
  });

  it('passes for references, placeholders, paths, ports and look-alikes', async () => {
    const dep = annotations([
      'passwordFile: /run/secrets/db-password',
      'secretRef: warehouse-readonly-secret',
      'maxTokens: "4096"',
      'tokenizer: sentencepiece-v2',
      'db_password: ${DB_PASSWORD}',
      'privateKey: ./keys/signing.pem',
      'image: oci://registry.internal:5000/models/fraud@sha256:0123456789abcdef',
      'jdbc: jdbc:postgresql://db/app?password=${DB_PASSWORD}',
      'cache: redis://cache.internal:6379/0',
      'webhook: https://hooks.slack.com/services',
      'note: AccountKey= and password= go in the secret store',
    ]);
    expect(await findings({ [DEP]: dep })).toEqual([]);
  });

  it('the example configuration stays clean', async () => {
    const result = await runCli(['validate'], { cwd: process.cwd() });
    expect(result.stdout).toMatch(/^0 errors, 0 warnings in \d+ files\n$/);
  });
});

// A repository where secrets are echoed by other findings too: a schema-type message and its code
// frame, an unknown field named by a token, an enum value, a reference to an unknown model, and a
// file that does not parse.
const PASSWORD = 'Tr0ub4dor' + 'S3cretPass';
const KEYED = 'hunter2' + 'hunter2xyz';
const ECHOED = [PASSWORD, KEYED, GITHUB, NPM, XOXB];
const hostile = repo({
  [DATA]: DATA_SOURCES.replace(
    'connection: {secretRef: {provider: env, key: WAREHOUSE_URL}}',
    `connection: "postgresql://etl:${PASSWORD}@warehouse:5432/analytics"`,
  ),
  [DEP]: FRAUD_DEPLOYMENT.replace(
    'metadata: {name: fraud-detector}',
    `metadata:\n  name: fraud-detector\n  annotations: {password: ${KEYED}}`,
  ).replace('mode: realtime', `mode: ${NPM}\n  ${GITHUB}: 1`),
  'environments/dev/other.yaml': FRAUD_DEPLOYMENT.replace('name: fraud-detector}', 'name: other}').replace(
    'model: fraud-detector',
    `model: ${KEYED}`,
  ),
  'environments/dev/broken.yaml': `apiVersion: slipway.dev/v1\nkind: Deployment\nmetadata: {name: broken}\nspec:\n  token: "${XOXB}\n  mode: [\n`,
});

describe('a credential is masked in every message and format', () => {
  it('validation masks messages, hints, paths and the texts of code frames, keeping their shape', async () => {
    const dir = writeRepo(hostile);
    const loaded = await loadTree(fsTree(dir));
    const raw = new Map(loaded.texts);
    const result = validateTree(loaded);
    const codes = new Set(result.diagnostics.map((d) => d.code));
    for (const code of ['inline-credential', 'schema-type', 'schema-unknown-field', 'schema-enum', 'yaml-syntax'])
      expect(codes, code).toContain(code);
    expect(result.diagnostics.some((d) => /is not a model/.test(d.message))).toBe(true);
    for (const [file, text] of loaded.texts) {
      const before = raw.get(file)!;
      expect(text.length).toBe(before.length);
      expect(text.split('\n').map((l) => l.length)).toEqual(before.split('\n').map((l) => l.length));
    }
    expect(loaded.texts.get(DATA)).toContain(`postgresql://etl:${'*'.repeat(PASSWORD.length)}@warehouse`);

    const report: ValidateReport = {
      diagnostics: result.diagnostics,
      fileCount: result.fileCount,
      errors: result.errors,
      warnings: result.warnings,
      texts: loaded.texts,
    };
    const outputs = {
      text: formatText(report, { color: false }),
      json: formatJson(report),
      sarif: formatSarif(report),
      github: formatGithub(report),
    };
    expect(outputs.text).toContain(
      `connection: "postgresql://etl:${'*'.repeat(PASSWORD.length)}@warehouse:5432/analytics"`,
    );
    for (const [format, out] of Object.entries(outputs))
      for (const secret of ECHOED) expect(out, `${format} shows ${secret}`).not.toContain(secret);
  });

  it.each(['text', 'json', 'sarif', 'github'])('slipway validate --format %s prints no secret', async (format) => {
    const dir = writeRepo(hostile);
    const result = await runCli(['validate', '--format', format, '--repo', dir], { cwd: dir });
    expect(result.code).toBe(1);
    for (const secret of ECHOED) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('masking keeps YAML readable: a masked value never becomes an alias', () => {
    expect(maskSecrets(`token: ${XOXB}\n`)).toBe(`token: x${'*'.repeat(XOXB.length - 1)}\n`);
    expect(maskSecrets(`pem: "-----BEGIN RSA PRIVATE KEY-----\\nMIIEab\\ncd"`)).toBe(
      'pem: "-----BEGIN RSA PRIVATE KEY-----\\n******\\n**"',
    );
    expect(findCredential(`x ${XOXB}`)?.masked).toBe(`xoxb… (${XOXB.length} characters)`);
  });
});
