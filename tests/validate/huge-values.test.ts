import { describe, expect, it } from 'vitest';
import { clipEchoes, quoted, quotedJson } from '../../src/model/echo.js';
import { closest, didYouMean } from '../../src/validate/suggest.js';
import { runCli } from '../support/cli.js';
import { FRAUD_DEPLOYMENT, diagnosticsOf, repo } from '../support/base-rules.js';
import { writeRepo } from '../support/config-repo.js';

const DEP = 'environments/dev/fraud-detector.yaml';
// Just under the 1 MiB file limit with the rest of the document.
const HUGE = 'a'.repeat(1_000_000);

describe('a huge user value costs little and is echoed cut', () => {
  it('a 1 MB unknown key: no did-you-mean, the key cut with its length', async () => {
    const dep = FRAUD_DEPLOYMENT.replace('  mode: realtime', `  mode: realtime\n  ${HUGE}: 1`);
    const [d, ...rest] = await diagnosticsOf('schema-unknown-field', { [DEP]: dep });
    expect(rest).toEqual([]);
    expect(d!.message).toBe(`unknown field \`spec["${'a'.repeat(64)}…"]\` (a key of 1000000 characters)`);
    expect(d!.hint).toMatch(/^remove it; the fields here are /);
    expect(d!.hint).not.toContain('did you mean');
  });

  it('a 1 MB enum value: no did-you-mean, the value cut with its length', async () => {
    const dep = FRAUD_DEPLOYMENT.replace('mode: realtime', `mode: ${HUGE}`);
    const [d] = await diagnosticsOf('schema-enum', { [DEP]: dep });
    expect(d!.message).toBe(
      `\`spec.mode\` must be one of realtime, batch; got \`${'a'.repeat(64)}…\` (1000000 characters)`,
    );
    expect(d!.hint).toBeUndefined();
  });

  it('a 1 MB kind, a 1 MB string where a mapping belongs: cut everywhere, in every output', async () => {
    const files = repo({
      [DEP]: FRAUD_DEPLOYMENT.replace('kind: Deployment', `kind: ${HUGE}`),
      'environments/dev/other.yaml': FRAUD_DEPLOYMENT.replace('name: fraud-detector}', 'name: other}').replace(
        /endpoint: \{[^}]*\}/,
        `endpoint: "${'b'.repeat(500_000)}"`,
      ),
    });
    const dir = writeRepo(files);
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const out = (await runCli(['validate', '--format', format, '--repo', dir], { cwd: dir })).stdout;
      expect(out.length, format).toBeLessThan(200_000); // the sarif rules table alone is ~90 kB
      // Messages quote 64 characters; the text format's code frame shows a window of the line.
      expect(out).not.toContain('a'.repeat(200));
      expect(out).not.toContain('b'.repeat(200));
    }
    const text = (await runCli(['validate', '--repo', dir], { cwd: dir })).stdout;
    expect(text).toContain(`unknown kind \`${'a'.repeat(64)}…\` (1000000 characters)`);
    expect(text).toContain(`got the string "${'b'.repeat(64)}…" (500000 characters)`);
  });

  it('no suggestion is computed for a word longer than 64 characters, however close', () => {
    expect(closest('a'.repeat(64), ['a'.repeat(63) + 'b'])).toBe('a'.repeat(63) + 'b');
    expect(closest('a'.repeat(65), ['a'.repeat(65)])).toBeUndefined();
    expect(didYouMean(HUGE, [HUGE.slice(1)])).toBeUndefined();
  });

  it('the bounded distance suggests what the full one did', () => {
    expect(closest('realtmie', ['realtime', 'batch'])).toBe('realtime');
    expect(closest('endpiont', ['endpoint', 'errorPolicy'])).toBe('endpoint');
    expect(closest('Deploymnet', ['Deployment', 'DataSource'])).toBe('Deployment');
    expect(closest('abc', ['xyz'])).toBeUndefined();
    // The nearest candidate decides, even when a farther one would be close enough for its length.
    expect(closest('abc', ['axx', 'abcdefghi'])).toBeUndefined();
    expect(closest('trafic', ['traffic', 'traffics'])).toBe('traffic');
  });

  it('quoting helpers', () => {
    expect(quoted('abc')).toBe('`abc`');
    expect(quoted('x'.repeat(100))).toBe(`\`${'x'.repeat(64)}…\` (100 characters)`);
    expect(quotedJson('x'.repeat(100))).toBe(`"${'x'.repeat(64)}…" (100 characters)`);
    expect(clipEchoes(`name \`${'y'.repeat(300)}\` is unknown`)).toBe(
      `name \`${'y'.repeat(64)}…\` (300 characters) is unknown`,
    );
    expect(clipEchoes('z'.repeat(5000)).length).toBeLessThan(4200);
  });
});
