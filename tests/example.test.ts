import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fsTree } from '../src/load/fs-tree.js';
import { loadTree } from '../src/load/load-tree.js';
import { validateTree } from '../src/validate/index.js';
import { runCli } from './support/cli.js';

/** This repository's own slipway.yaml, models/ and environments/: the example the README runs. */
const root = fileURLToPath(new URL('..', import.meta.url));
const yamlFiles = (dir: string): number =>
  readdirSync(`${root}${dir}`, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).length;

describe('the example configuration in this repository', () => {
  it('validates with exactly 0 errors and 0 warnings', async () => {
    const r = await runCli(['validate', '--repo', root, '--format', 'json']);
    const out = JSON.parse(r.stdout) as {
      valid: boolean;
      summary: { errors: number; warnings: number; files: number };
      diagnostics: unknown[];
    };
    expect(out.diagnostics).toEqual([]);
    expect(out.summary).toEqual({ errors: 0, warnings: 0, files: 1 + yamlFiles('models') + yamlFiles('environments') });
    expect(out.valid).toBe(true);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  // The example is documentation: these are the features the README's tour points at.
  it('keeps the shape the README describes', async () => {
    const { config } = validateTree(await loadTree(fsTree(root)));
    expect(config.project?.resource.spec.environments).toEqual(['dev', 'staging', 'prod']);
    expect([...config.models.keys()].sort()).toEqual(['churn-scorer', 'credit-limit', 'fraud-detector']);
    for (const model of config.models.values()) {
      const statuses = new Set(model.resource.spec.versions.map((v) => v.status));
      expect(statuses.size, model.name).toBeGreaterThanOrEqual(3);
      for (const v of model.resource.spec.versions) {
        expect(v.artifact.digest, `${model.name}@${v.version}`).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(v.contract?.input && v.contract.output, `${model.name}@${v.version}`).toBeTruthy();
        expect(v.trainedOn?.length, `${model.name}@${v.version}`).toBeGreaterThan(0);
      }
    }
    const prod = config.environments.get('prod')!;
    expect(prod.deployments.get('fraud-detector')?.resource.spec.traffic).toEqual([
      { version: '3.2.0', percent: 90 },
      { version: '3.3.0', percent: 10 },
    ]);
    const churn = prod.deployments.get('churn-scorer')!.resource.spec;
    expect([churn.mode, churn.schedule, churn.output?.dataSource]).toEqual(['batch', '0 2 * * *', 'churn-scores']);
    const credit = prod.deployments.get('credit-limit')!.resource.spec;
    expect(credit.inputs?.map((name) => prod.dataSources.get(name)?.resource.spec.classification)).toContain('pii');
    expect(prod.environment?.resource.spec.requires).toEqual({ errorPolicy: true, fallback: true, freshness: true });
    for (const name of ['dev', 'staging', 'prod']) {
      const env = config.environments.get(name)!;
      const counts = [
        env.environment ? 1 : 0,
        env.deployments.size,
        env.dataSources.size,
        env.errorPolicies.size,
        env.accessPolicies.size,
        env.consumers.size,
      ];
      expect(
        counts.every((n) => n > 0),
        `${name}: ${counts.join(',')}`,
      ).toBe(true);
      for (const ds of env.dataSources.values())
        expect(ds.resource.spec.connection === undefined || 'secretRef' in ds.resource.spec.connection).toBe(true);
    }
  });
});
