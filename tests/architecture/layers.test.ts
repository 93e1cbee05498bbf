import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImportGraph, type Violation } from '../support/import-graph.js';
import { writeRepo } from '../support/config-repo.js';
import { LAYERS } from './layers.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** One line per violation, in the words a reviewer would use, so a failure needs no decoding. */
function describeViolation(violation: Violation): string {
  switch (violation.kind) {
    case 'upward':
      return (
        `${violation.file}:${violation.line} imports ${violation.specifier} ` +
        `(${violation.from} rank ${violation.fromRank} → ${violation.to} rank ${violation.toRank})`
      );
    case 'cycle':
      return (
        `cycle between ${violation.folders.join(', ')}: ` +
        violation.edges.map((edge) => `${edge.file}:${edge.line} (${edge.from} → ${edge.to})`).join('; ')
      );
    case 'unplaced':
      return `${violation.folder} (${violation.file}) has no rank in tests/architecture/layers.ts`;
  }
}

/** The check on a planted tree: `files` are paths under src/. */
function plant(files: Record<string, string>): Violation[] {
  const root = writeRepo(Object.fromEntries(Object.entries(files).map(([file, text]) => [`src/${file}`, text])));
  return checkImportGraph(path.join(root, 'src'), LAYERS).violations;
}

describe('layers', () => {
  it('src has no import against the layers', () => {
    const report = checkImportGraph(SRC, LAYERS).violations.map(describeViolation);
    expect(report, `${report.length} violation(s):\n${report.join('\n')}`).toEqual([]);
  });

  it('keeps format/ for cli/ alone and cli/ imported by nobody', () => {
    // Both rules follow from the ranks only while format/ and cli/ are the two top ranks, one folder each.
    const format = LAYERS.format ?? 0;
    const atOrAboveFormat = Object.keys(LAYERS).filter((folder) => (LAYERS[folder] ?? 0) >= format);
    expect(atOrAboveFormat.sort()).toEqual(['cli', 'format']);
    expect(LAYERS.cli).toBeGreaterThan(format);
  });

  it('reports a domain file importing cli/', () => {
    const violations = plant({
      'plan/plan.ts': "import { kinds } from '../kinds/base.js';\nimport { run } from '../cli/x.js';\n",
      'kinds/base.ts': 'export const kinds = 1;\n',
      'cli/x.ts': 'export const run = 1;\n',
    });
    expect(violations).toEqual([
      {
        kind: 'upward',
        file: 'src/plan/plan.ts',
        line: 2,
        from: 'plan',
        to: 'cli',
        fromRank: 3,
        toRank: 6,
        specifier: '../cli/x.js',
      },
    ]);
  });

  it('reports two folders of the same rank importing each other as one cycle', () => {
    const violations = plant({
      'gate/gate.ts': "import { plan } from '../plan/plan.js';\nexport const gate = plan;\n",
      'plan/plan.ts': "\n\nimport type { Gate } from '../gate/gate.js';\nexport const plan = 1;\n",
      'gate/types.ts': "import { gate } from './gate.js';\nexport type Gate = typeof gate;\n",
    });
    expect(violations).toEqual([
      {
        kind: 'cycle',
        folders: ['gate', 'plan'],
        edges: [
          { from: 'gate', to: 'plan', file: 'src/gate/gate.ts', line: 1 },
          { from: 'plan', to: 'gate', file: 'src/plan/plan.ts', line: 3 },
        ],
      },
    ]);
  });

  it('reports a cycle through three folders with one example per link', () => {
    const violations = plant({
      'load/a.ts': "import '../git/b.js';\n",
      'git/b.ts': "import '../state/c.js';\nimport '../state/d.js';\n",
      'state/c.ts': "export * from '../load/a.js';\n",
    });
    expect(violations).toEqual([
      {
        kind: 'cycle',
        folders: ['git', 'load', 'state'],
        edges: [
          { from: 'git', to: 'state', file: 'src/git/b.ts', line: 1 },
          { from: 'load', to: 'git', file: 'src/load/a.ts', line: 1 },
          { from: 'state', to: 'load', file: 'src/state/c.ts', line: 1 },
        ],
      },
    ]);
  });

  it('counts an `import type` that goes up', () => {
    const violations = plant({
      'model/finding.ts': "import type { Report } from '../validate/report.js';\nexport type Finding = Report;\n",
      'validate/report.ts': 'export interface Report {\n  ok: boolean;\n}\n',
    });
    expect(violations).toEqual([
      {
        kind: 'upward',
        file: 'src/model/finding.ts',
        line: 1,
        from: 'model',
        to: 'validate',
        fromRank: 1,
        toRank: 3,
        specifier: '../validate/report.js',
      },
    ]);
  });

  it('counts a dynamic import() from app/ into format/', () => {
    const violations = plant({
      'app/validate.ts': [
        'export async function run(): Promise<string> {',
        "  const { formatText } = await import('../format/text.js');",
        '  return formatText();',
        '}',
        '',
      ].join('\n'),
      'format/text.ts': "export const formatText = (): string => '';\n",
    });
    expect(violations).toEqual([
      {
        kind: 'upward',
        file: 'src/app/validate.ts',
        line: 2,
        from: 'app',
        to: 'format',
        fromRank: 4,
        toRank: 5,
        specifier: '../format/text.js',
      },
    ]);
  });

  it('reports a folder, or a file directly in src/, that has no rank', () => {
    const violations = plant({
      'metrics/b.ts': "import { a } from './a.js';\nexport const b = a;\n",
      'metrics/a.ts': "import { x } from '../kinds/x.js';\nexport const a = x;\n",
      'kinds/x.ts': 'export const x = 1;\n',
      'errors.ts': 'export class UserError extends Error {}\n',
      'cli/main.ts': "import { UserError } from '../errors.js';\nexport const e = UserError;\n",
    });
    expect(violations).toEqual([
      { kind: 'unplaced', folder: 'errors', file: 'src/errors.ts' },
      { kind: 'unplaced', folder: 'metrics', file: 'src/metrics/a.ts' },
    ]);
  });

  it('passes a tree that keeps to the layers', () => {
    const violations = plant({
      'kinds/model.ts': 'export interface ModelKind {\n  name: string;\n}\n',
      'model/finding.ts': "import type { ModelKind } from '../kinds/model.js';\nexport type Finding = ModelKind;\n",
      'load/tree.ts': "import { readFile } from 'node:fs/promises';\nexport const load = readFile;\n",
      'git/log.ts': "import { load } from '../load/tree.js';\nexport const log = load;\n",
      'validate/index.ts': [
        "import type { Finding } from '../model/finding.js';",
        "export * from './rules.js';",
        "// A comment or a string naming import('../cli/main.js') is not an import.",
        'export const hint = "import(\'../format/text.js\')";',
        'export type Result = Finding[];',
        '',
      ].join('\n'),
      'validate/rules.ts': 'export const rules = [];\n',
      'app/validate.ts': "export const run = async () => (await import('../validate/index.js')).rules;\n",
      'format/text.ts': "import type { Result } from '../validate/index.js';\nexport const text = (r: Result) => r;\n",
      'cli/main.ts': "import { run } from '../app/validate.js';\nimport { text } from '../format/text.js';\n",
      'cli/bin.cts': "const pkg = require('../../package.json');\nvoid import('./main.js');\n",
    });
    expect(violations).toEqual([]);
  });

  it('reads the CommonJS bin too', () => {
    const violations = plant({
      'cli/bin.cts': "void import('./main.js');\n",
      'cli/main.ts': 'export {};\n',
      'kinds/base.ts': "const bin = require('../cli/bin.cjs');\n",
    });
    expect(violations).toEqual([
      {
        kind: 'upward',
        file: 'src/kinds/base.ts',
        line: 1,
        from: 'kinds',
        to: 'cli',
        fromRank: 0,
        toRank: 6,
        specifier: '../cli/bin.cjs',
      },
    ]);
  });
});
