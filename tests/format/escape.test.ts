import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inline, mdCode, mdFenced, mdText } from '../../src/format/escape.js';
import { deployment, deploymentFile, gateRepo } from '../support/base-gate.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { rulesRepo } from '../support/base-rules.js';
import { runCli } from '../support/cli.js';
import { gitRepo, writeRepo, type Files } from '../support/config-repo.js';

/** What a pull request would write to command the GitHub Actions runner. */
const ATTACK = 'x\n::warning file=a::pwned\n::stop-commands::tok';
/** The same, as a YAML double-quoted scalar. */
const YAML_ATTACK = JSON.stringify(ATTACK);
/** A file name holding a newline, where the filesystem allows one. */
const NASTY_FILE = 'a\n::warning file=b::pwned.yaml';

/** Nothing in `out` can be read by the runner as a workflow command, and the escaped form shows. */
function expectHarmless(out: string): void {
  for (const line of out.split(/\r\n|\r|\n|\u2028|\u2029/)) expect(line.trimStart()).not.toMatch(/^::/);
  expect(out).toContain('\\n::warning');
}

describe('inline', () => {
  it('shows CR, LF, tab and every other control character as a visible escape', () => {
    expect(inline(ATTACK)).toBe('x\\n::warning file=a::pwned\\n::stop-commands::tok');
    expect(inline('a\rb\tc\u001b[31md\u0000\u007f\u009b\u2028\u2029')).toBe(
      'a\\rb\\tc\\u001b[31md\\u0000\\u007f\\u009b\\u2028\\u2029',
    );
  });

  it('leaves ordinary text as it is, unicode included', () => {
    const plain = 'fraud-detector 3.2.0 → 3.3.0 (50%) \\ | ` < é 日本';
    expect(inline(plain)).toBe(plain);
  });

  it('in markdown: a value cannot leave its cell, close its code span or fence, or open HTML', () => {
    expect(mdText('a|b<img src=x>\nc')).toBe('a\\|b&lt;img src=x>\\\\nc');
    expect(mdCode('a`b\nc')).toBe("`a'b\\nc`");
    expect(mdFenced('```')).toBe('\\```');
    expect(mdFenced('    ~~~ x\ny')).toBe('    \\~~~ x\\ny');
  });
});

describe('nothing a pull request writes can command the CI runner', () => {
  it('validate (text): an echoed value and a file name with a newline are escaped', async () => {
    const dir = writeRepo({
      ...rulesRepo(),
      'environments/dev/deployments/fraud-detector.yaml': `apiVersion: slipway.dev/v1
kind: Deployment
metadata: {name: fraud-detector}
spec:
  model: ${YAML_ATTACK}
  traffic: [{version: 1.1.0, percent: 100}]
  mode: realtime
  endpoint: {path: /v1/fraud, timeout: 4s}
  inputs: [transactions]
  errorPolicy: strict
  resources: {replicas: {min: 1, max: 4}}
`,
    });
    let nastyFile = false;
    try {
      writeFileSync(path.join(dir, 'environments/dev', NASTY_FILE), 'apiVersion: slipway.dev/v1\nkind: Nope\n');
      nastyFile = true;
    } catch {
      // A filesystem that refuses newlines in names: only the value is tried.
    }
    const r = await runCli(['validate', '--repo', dir]);
    expect(r.code).toBe(1);
    expectHarmless(r.stdout + r.stderr);
    expect(r.stdout).toContain('x\\n::warning file=a::pwned\\n::stop-commands::tok');
    if (nastyFile) expect(r.stdout).toContain('a\\n::warning file=b::pwned.yaml');
  });

  it('gate (text and markdown): a hostile label and a hostile file name are escaped', async () => {
    const repo = gitRepo(gateRepo(), { date: '2026-11-01T10:00:00Z', message: 'initial' });
    repo.git('checkout', '-q', '-b', 'attack');
    const files: Files = {
      [deploymentFile('dev')]: deployment('dev', [['3.2.0', 100]]).replace(
        'metadata: {name: fraud-detector}',
        `metadata: {name: fraud-detector, labels: {team: ${YAML_ATTACK}}}`,
      ),
      [`environments/dev/${NASTY_FILE}`]: 'apiVersion: slipway.dev/v1\nkind: Nope\n',
    };
    try {
      repo.commit(files, { date: '2026-11-28T09:00:00Z', message: 'attack' });
    } catch {
      delete files[`environments/dev/${NASTY_FILE}`];
      repo.commit(files, { date: '2026-11-28T09:00:00Z', message: 'attack' });
    }
    repo.git('checkout', '-q', 'main');
    for (const format of ['text', 'markdown']) {
      const r = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'attack', '--format', format], {
        now: new Date('2026-11-28T12:00:00Z'),
      });
      expectHarmless(r.stdout + r.stderr);
      if (format === 'markdown') expect(r.stdout).not.toMatch(/<img|\n```/);
    }
  });

  it('plan (text and markdown): a hostile value in a field change is escaped', async () => {
    const env = { GITHUB_ACTOR: '' };
    const repo = gitRepo(reconcileRepo());
    const applied = await runCli(['apply', '--env', 'dev', '--yes', '--repo', repo.dir], { cwd: repo.dir, env });
    expect(applied.code).toBe(0);
    const files = reconcileRepo();
    const hostile = String(files['environments/dev/deployments-0.yaml']).replace(
      'metadata: {name: d-0}',
      `metadata: {name: d-0, labels: {team: ${YAML_ATTACK}}}`,
    );
    repo.commit({ 'environments/dev/deployments-0.yaml': hostile });
    for (const format of ['text', 'markdown']) {
      const r = await runCli(['plan', '--env', 'dev', '--repo', repo.dir, '--format', format], { cwd: repo.dir, env });
      expect(r.code).toBe(0);
      expectHarmless(r.stdout + r.stderr);
      expect(r.stdout).toContain('pwned');
    }
  });
});
