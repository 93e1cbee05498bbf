import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSources } from '../../src/engines/open.js';
import { verifySources } from '../../src/data/verify.js';
import { formatVerifyText } from '../../src/format/data-verify.js';
import { fsTree } from '../../src/load/fs-tree.js';
import { loadTree } from '../../src/load/load-tree.js';
import { validateTree } from '../../src/validate/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe("the example's data sources", () => {
  it('dev: the chargebacks CSV in the repository passes every check; sources elsewhere are skipped, saying why', async () => {
    const { config } = validateTree(await loadTree(fsTree(root)));
    const dev = config.environments.get('dev')!;
    const sources = [...dev.dataSources.values()].map((d) => ({ name: d.name, spec: d.resource.spec }));
    const result = await verifySources({
      environment: 'dev',
      sources,
      now: new Date('2026-12-01T00:00:00Z'),
      open: openSources({ root, env: {} }),
    });
    expect(result.sources.map((s) => [s.name, s.status])).toEqual([
      ['transactions', 'skipped'],
      ['chargebacks', 'pass'],
      ['customer-activity', 'skipped'],
      ['customer-profiles', 'skipped'],
      ['credit-bureau', 'skipped'],
      ['churn-scores', 'skipped'],
    ]);
    const text = formatVerifyText(result);
    expect(text).toContain('transactions (postgres) SKIP: environment variable DEV_WAREHOUSE_URL is not set');
    expect(text).toContain(
      'credit-bureau (sqlite) SKIP: `s3://acme-ml-dev-samples/credit-bureau/sample.sqlite` is not in the repository',
    );
    expect(result.sources[1]?.checks.map((c) => c.name)).toEqual([
      'accessible',
      'schema',
      'dedup',
      'regex',
      'accepted',
      'range',
      'rowCount',
    ]);
  });
});
