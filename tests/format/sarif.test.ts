import { readFileSync } from 'node:fs';
import type { RuleCode } from '../../src/model/rule-codes.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { formatSarif, FINGERPRINT_KEY } from '../../src/format/sarif.js';
import { RULES } from '../../src/model/rule-codes.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { runCli } from '../support/cli.js';
import { diag, report } from '../support/values.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// The official OASIS SARIF 2.1.0 schema, vendored as test data.
const schema = JSON.parse(readFileSync(path.join(here, '..', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(schema);

function expectValidSarif(text: string): Log {
  const log = JSON.parse(text) as Log;
  const ok = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  return log;
}

describe('sarif', () => {
  it('validates against the official SARIF 2.1.0 schema: findings, a clean repository, and odd diagnostics', async () => {
    const golden = path.join(here, '..', 'golden', 'repos');
    for (const repo of ['findings', 'clean', 'warnings']) {
      const r = await runCli(['validate', '--repo', path.join(golden, repo), '--format', 'sarif']);
      expectValidSarif(r.stdout);
    }
    expectValidSarif(
      formatSarif(
        report(
          [
            diag({
              severity: 'warning',
              code: 'not-a-registered-code' as RuleCode,
              file: 'models/my model/model.yaml',
              message: 'odd %, "quotes", \u001b[31mescape\nnewline',
            }),
            diag({ line: 1, column: 1, endLine: 4, endColumn: 1 }),
            diag({ line: 2, column: 7, endLine: 2, endColumn: 7 }),
            diag({ document: 2, hint: 'fix it' }),
          ],
          3,
        ),
      ),
    );
  });

  it('the schema check itself rejects a broken log (so passing means something)', () => {
    const log = JSON.parse(formatSarif(report([diag()], 3))) as Log;
    log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine = 0;
    (log.runs[0]!.results![0] as { level: string }).level = 'fatal';
    expect(validateSarif(log)).toBe(false);
  });

  it('has one rule per code in RULES, with summary, help and a link to docs/rules.md', () => {
    const log = expectValidSarif(formatSarif(report([], 3)));
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe('slipway');
    expect(driver.informationUri).toBe('https://github.com/slipway-dev/slipway');
    expect(driver.rules!.map((r) => r.id)).toEqual(Object.keys(RULES));
    const rule = driver.rules!.find((r) => r.id === 'schema-enum')!;
    expect(rule).toEqual({
      id: 'schema-enum',
      name: 'SchemaEnum',
      shortDescription: { text: 'A value is not one of the allowed values.' },
      fullDescription: { text: 'A value is not one of the allowed values.' },
      helpUri: 'https://github.com/slipway-dev/slipway/blob/main/docs/rules.md#schema-enum',
      help: {
        text: 'A value is not one of the allowed values.\n\nSee https://github.com/slipway-dev/slipway/blob/main/docs/rules.md#schema-enum for a failing and a passing example.',
        markdown:
          'A value is not one of the allowed values.\n\nSee [docs/rules.md#schema-enum](https://github.com/slipway-dev/slipway/blob/main/docs/rules.md#schema-enum) for a failing and a passing example.',
      },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['slipway', 'schema'] },
    });
    for (const r of driver.rules!) {
      const info = (RULES as Record<string, { severity: string; summary: string }>)[r.id]!;
      expect(r.shortDescription!.text).toBe(info.summary);
      expect(r.defaultConfiguration!.level).toBe(info.severity);
    }
  });

  it('maps each diagnostic to a result with its rule, level, message, location and fingerprint', () => {
    const log = expectValidSarif(
      formatSarif(
        report(
          [
            diag({ endLine: 3, endColumn: 12, document: 1, hint: 'did you mean `realtime`?' }),
            diag({
              severity: 'warning',
              code: 'not-a-registered-code' as RuleCode,
              file: 'models/my model/model.yaml',
              line: 9,
              column: 1,
            }),
          ],
          3,
        ),
      ),
    );
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules!;
    const [first, second] = run.results!;
    expect(first).toEqual({
      ruleId: 'schema-enum',
      ruleIndex: Object.keys(RULES).indexOf('schema-enum'),
      level: 'error',
      message: { text: 'bad\nhint: did you mean `realtime`?' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'environments/dev/a.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 12 },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown as string },
      properties: { path: '/spec/mode', document: 1, hint: 'did you mean `realtime`?' },
    });
    // A code that is not in RULES still gets a rule, so the log stays consistent.
    expect(second!.level).toBe('warning');
    expect(rules[second!.ruleIndex!]!.id).toBe('not-a-registered-code');
    expect(second!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('models/my%20model/model.yaml');
    expect(second!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 9, startColumn: 1 });
  });

  it('fingerprints ignore the line, so moving a finding keeps its alert', () => {
    const fp = (d: Diagnostic) =>
      (JSON.parse(formatSarif(report([d], 3))) as Log).runs[0]!.results![0]!.partialFingerprints![FINGERPRINT_KEY];
    expect(fp(diag({ line: 3 }))).toBe(fp(diag({ line: 30, column: 1 })));
    expect(fp(diag())).not.toBe(fp(diag({ path: '/spec/model' })));
    expect(fp(diag())).not.toBe(fp(diag({ file: 'environments/dev/b.yaml' })));
  });

  it('prefixes locations with pathPrefix, not fingerprints', () => {
    const plain = JSON.parse(formatSarif(report([diag()], 3))) as Log;
    const prefixed = JSON.parse(formatSarif(report([diag()], 3), { pathPrefix: 'config' })) as Log;
    expect(prefixed.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      'config/environments/dev/a.yaml',
    );
    expect(prefixed.runs[0]!.results![0]!.partialFingerprints).toEqual(plain.runs[0]!.results![0]!.partialFingerprints);
  });

  it('drops an empty or backwards region end instead of inventing one', () => {
    const region = (d: Diagnostic) =>
      (JSON.parse(formatSarif(report([d], 3))) as Log).runs[0]!.results![0]!.locations![0]!.physicalLocation!.region;
    expect(region(diag({ endLine: 3, endColumn: 5 }))).toEqual({ startLine: 3, startColumn: 5 });
    expect(region(diag({ endLine: 2, endColumn: 9 }))).toEqual({ startLine: 3, startColumn: 5 });
    expect(region(diag({ endLine: 5, endColumn: 1 }))).toEqual({
      startLine: 3,
      startColumn: 5,
      endLine: 5,
      endColumn: 1,
    });
  });
});
