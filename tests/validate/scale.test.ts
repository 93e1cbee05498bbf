import { describe, expect, it } from 'vitest';
import { loadTree } from '../../src/load/load-tree.js';
import { positionParses } from '../../src/load/yaml-lazy.js';
import type { TreeFile, TreeSource } from '../../src/load/tree.js';
import { validateTree } from '../../src/validate/index.js';
import { HEAD, minimalRepo } from '../support/config-repo.js';

/** A tree held in memory: 10,000 files without touching the disk. */
function memoryTree(files: Record<string, string>): TreeSource {
  return {
    description: 'memory',
    readFiles: async () =>
      Object.entries(files)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([path, text]): TreeFile => ({ path, status: 'ok', content: Buffer.from(text) })),
  };
}

function bigRepo(count: number): Record<string, string> {
  const files: Record<string, string> = minimalRepo({ teams: true });
  for (let i = 0; i < count - 2; i++) {
    files[`environments/dev/sources/s${i}.yaml`] =
      `${HEAD}kind: DataSource\nmetadata: {name: s${i}}\nspec:\n  type: warehouse\n  engine: postgres\n  location: {table: raw.t${i}}\n  owner: team:ml\n  classification: internal\n`;
  }
  return files;
}

describe('validate at 10,000 files', () => {
  it('parses valid files once: no position-keeping parse at all', { timeout: 120_000 }, async () => {
    const before = positionParses();
    const loaded = await loadTree(memoryTree(bigRepo(10_000)));
    const result = validateTree(loaded);
    expect(result.fileCount).toBe(10_000);
    expect(result.diagnostics).toEqual([]);
    expect(positionParses() - before).toBe(0);
  });

  it('re-parses only the files that have findings, once each', { timeout: 120_000 }, async () => {
    const files = bigRepo(10_000);
    files['environments/dev/sources/s7.yaml'] = files['environments/dev/sources/s7.yaml']!.replace(
      'engine: postgres',
      'engine: postgress',
    ).replace('classification: internal', 'classification: secret');
    files['environments/dev/sources/s9.yaml'] = files['environments/dev/sources/s9.yaml']!.replace(
      'warehouse',
      'warehous',
    );
    const before = positionParses();
    const result = validateTree(await loadTree(memoryTree(files)));
    expect(result.diagnostics.map((d) => [d.file, d.line, d.code])).toEqual([
      ['environments/dev/sources/s7.yaml', 6, 'schema-enum'],
      ['environments/dev/sources/s7.yaml', 9, 'schema-enum'],
      ['environments/dev/sources/s9.yaml', 5, 'schema-enum'],
    ]);
    expect(positionParses() - before).toBe(2);
  });
});
