import { describe, expect, it } from 'vitest';
import { gitTree } from '../../src/git/tree.js';
import { loadTree } from '../../src/load/load-tree.js';
import { MAX_DOCUMENTS, parseFile } from '../../src/load/parse.js';
import { validateTree } from '../../src/validate/index.js';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { TestRepo } from '../support/config-repo.js';

// About 130,000 documents in just under 1 MiB: enough to overflow the stack when spread into a call.
const FILE = 'environments/dev/many.yaml';
const MANY = `# generated\n${'---\n{}\n'.repeat(130_000)}`;

describe('a file with too many documents', () => {
  it('is refused whole, with one located finding, by validate (exit 1, not 2)', async () => {
    const repo = new TestRepo();
    repo.commit({ ...reconcileRepo(), [FILE]: MANY });
    const result = await runCli(['validate', '--format', 'json', '--repo', repo.dir], { cwd: repo.dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { diagnostics: Array<Record<string, unknown>> };
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        code: 'too-many-documents',
        file: FILE,
        // The `---` of document 10,000 (0-based): 2 lines per document after the comment line.
        line: 2 + 2 * MAX_DOCUMENTS,
        column: 1,
        message: 'file holds 130000 YAML documents; the limit is 10000 per file',
      }),
    ]);
  });

  it('is refused the same way from a git revision, as the gate reads it', async () => {
    const repo = new TestRepo();
    const base = repo.commit(reconcileRepo());
    const head = repo.commit({ [FILE]: MANY });
    const loaded = await loadTree(gitTree(repo.dir, head));
    const result = validateTree(loaded);
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['too-many-documents', FILE, 2 + 2 * MAX_DOCUMENTS],
    ]);
    const gate = await runCli(['gate', '--repo', repo.dir, '--base', base, '--head', head]);
    expect(gate.stderr).toBe('');
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain('too-many-documents');
  });

  it('counts a first document written without `---`, and passes at the limit', () => {
    const implicit = `a: 1\n${'---\nb: 2\n'.repeat(MAX_DOCUMENTS)}`;
    const [finding] = parseFile({ path: FILE, status: 'ok', content: Buffer.from(implicit) }).findings;
    expect(finding).toMatchObject({ code: 'too-many-documents', position: { line: 2 + 2 * (MAX_DOCUMENTS - 1) } });
    const atLimit = parseFile({ path: FILE, status: 'ok', content: Buffer.from('---\nb: 2\n'.repeat(MAX_DOCUMENTS)) });
    expect(atLimit.findings).toEqual([]);
    expect(atLimit.documents).toHaveLength(MAX_DOCUMENTS);
  });
});
