import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/render/types.js';
import { validateObjects } from '../../src/render/validate-objects.js';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { tempDir } from '../support/tree.js';
import { TestRepo } from '../support/config-repo.js';

/** This repository's own example: staging and prod are kubernetes targets. */
const root = fileURLToPath(new URL('../..', import.meta.url));
const golden = (file: string): string => readFileSync(path.join(root, 'tests/render/__snapshots__', file), 'utf8');
/** The committed example (HEAD), so an edit in progress in the working tree changes nothing here. */
const example = (...argv: string[]) => runCli([...argv, '--rev', 'HEAD', '--repo', root], { cwd: root });
const objectsOf = (yaml: string): K8sObject[] =>
  jsYaml.loadAll(yaml, undefined, { schema: jsYaml.CORE_SCHEMA }) as K8sObject[];

describe('slipway render', () => {
  for (const env of ['staging', 'prod']) {
    it(`${env}: the manifests on stdout (the renderer's golden), what is not enforced on stderr`, async () => {
      const r = await example('render', '--env', env);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(golden(`${env}.yaml`));
      await expect(r.stderr).toMatchFileSnapshot(`__snapshots__/render-${env}.stderr.txt`);
      expect(validateObjects(objectsOf(r.stdout))).toEqual([]);
    });
  }

  it('--format json: a List with the not-enforced entries inside, nothing on stderr', async () => {
    const r = await example('render', '--env', 'prod', '--format', 'json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const list = JSON.parse(r.stdout) as { apiVersion: string; kind: string; items: unknown[]; notEnforced: unknown };
    expect(Object.keys(list)).toEqual(['apiVersion', 'kind', 'items', 'notEnforced']);
    expect(list.apiVersion).toBe('v1');
    expect(list.kind).toBe('List');
    expect(list.items).toEqual(objectsOf(golden('prod.yaml')));
    expect(list.notEnforced).toEqual(JSON.parse(golden('prod.not-enforced.json')));
  });

  it('several environments: one YAML stream, or an array of Lists', async () => {
    const r = await example('render', '--env', 'staging,prod');
    expect(r.stdout).toBe(golden('staging.yaml') + golden('prod.yaml'));
    expect(r.stderr).toContain('Not enforced by the kubernetes target of staging');
    expect(r.stderr).toContain('Not enforced by the kubernetes target of prod');
    const json = JSON.parse((await example('render', '--env', 'staging,prod', '--format', 'json')).stdout) as unknown[];
    expect(json).toHaveLength(2);
  });

  it('refuses an environment whose target is not kubernetes, and --out with several environments or JSON', async () => {
    expect(await example('render', '--env', 'dev')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: environment dev has a local target: only a kubernetes target renders manifests\nhint: set spec.target.type: kubernetes in environments/dev/environment.yaml (docs/kubernetes.md), or render another environment\n',
    });
    expect((await example('render', '--env', 'staging,dev')).code).toBe(2);
    const out = path.join(tempDir(), 'out');
    expect((await example('render', '--env', 'staging,prod', '--out', out)).stderr).toContain(
      'error: --out writes the deploy folder of one environment; --env names 2 (staging, prod)',
    );
    expect((await example('render', '--env', 'prod', '--out', out, '--format', 'json')).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('slipway render --out', () => {
  it('writes the folder exactly as apply commits it to the deploy branch', async () => {
    const repo = new TestRepo();
    const sha = repo.commit(reconcileRepo({ kubernetes: {} }), { message: 'Add the fraud models' });
    const cli = (...argv: string[]) =>
      runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env: { GITHUB_ACTOR: '' } });
    const out = path.join(tempDir(), 'prod');
    const r = await cli('render', '--env', 'prod', '--rev', sha, '--out', out);
    expect(r.stdout).toBe(`Wrote 6 objects of prod to ${out}: README.md, hydrator.metadata, manifest.yaml.\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Not enforced by the kubernetes target of prod (4 fields');

    expect((await cli('apply', '--env', 'prod', '--yes')).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'hydrator.metadata', 'manifest.yaml']);
    for (const file of readdirSync(out))
      expect(readFileSync(path.join(out, file), 'utf8'), file).toBe(repo.git('show', `deploy/prod:manifests/${file}`));

    // Again into the same folder: replaced whole, nothing left beside it.
    writeFileSync(path.join(out, 'manifest.yaml'), 'stale\n');
    expect((await cli('render', '--env', 'prod', '--rev', sha, '--out', out)).code).toBe(0);
    expect(readFileSync(path.join(out, 'manifest.yaml'), 'utf8')).toBe(
      repo.git('show', 'deploy/prod:manifests/manifest.yaml'),
    );
    expect(readdirSync(path.dirname(out))).toEqual(['prod']);
  });

  it('never replaces a folder holding files it did not write', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo({ kubernetes: {} }));
    const out = path.join(tempDir(), 'mine');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const r = await runCli(['render', '--env', 'prod', '--out', out, '--repo', repo.dir], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `error: cannot write ${out}: it holds a file slipway did not write (notes.txt), and --out replaces the whole folder`,
    );
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });
});
