import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Folder name under the source root → layer rank. A folder may import only folders of lower or equal rank. */
export type LayerTable = Readonly<Record<string, number>>;

interface ImportEdge {
  from: string;
  to: string;
  file: string;
  line: number;
}

export type Violation =
  | {
      kind: 'upward';
      file: string;
      line: number;
      from: string;
      to: string;
      fromRank: number;
      toRank: number;
      specifier: string;
    }
  | { kind: 'cycle'; folders: string[]; edges: ImportEdge[] }
  | { kind: 'unplaced'; folder: string; file: string };

// `.cts` because the CommonJS bin (src/cli/bin.cts) is part of the CLI layer like any other file.
const SOURCE = /\.c?ts$/;
// Imports are written with the emitted suffix (ESM needs `.js`), so the suffix says nothing about the folder.
const MODULE_SUFFIX = /\.(?:c|m)?[jt]s$/;

/**
 * Checks the relative imports of every source file under `root` against `layers`: no import from a
 * lower rank to a higher one, no cycle between folders (same rank included), no folder missing from
 * the table. A file directly in `root` counts as a folder named after it (`errors.ts` → `errors`).
 * Files are reported relative to the parent of `root` (`src/x/y.ts`), so a report reads the same
 * for the real tree and for a planted one in a temporary directory.
 *
 * Only `ts.preProcessFile` is used, not a type-checking program: it is a scanner, so the check
 * stays a few milliseconds in the main test run, and it still sees `import type`, `export … from`,
 * `import('…')` and `require('…')`, which a regular expression would get wrong in comments and strings.
 */
export function checkImportGraph(root: string, layers: LayerTable): { violations: Violation[] } {
  const base = path.dirname(root);
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    // Sorted so that the report, and the example edge chosen for a cycle, do not depend on the file system's order.
    .sort();

  const upward: Violation[] = [];
  const unplaced = new Map<string, string>();
  const edges: ImportEdge[] = [];

  for (const absolute of files) {
    const file = toPosix(path.relative(base, absolute));
    const from = folderOf(root, absolute);
    if (from === undefined) continue;
    if (!(from in layers) && !unplaced.has(from)) unplaced.set(from, file);

    const text = readFileSync(absolute, 'utf8');
    let lineStarts: number[] | undefined;
    for (const { fileName: specifier, pos } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
      const to = folderOf(root, path.resolve(path.dirname(absolute), specifier));
      // Outside the root (the bin reads ../../package.json) there is no layer to break.
      if (to === undefined || to === from) continue;
      lineStarts ??= computeLineStarts(text);
      const line = lineOf(lineStarts, pos);
      edges.push({ from, to, file, line });
      const fromRank = layers[from];
      const toRank = layers[to];
      if (fromRank !== undefined && toRank !== undefined && toRank > fromRank) {
        upward.push({ kind: 'upward', file, line, from, to, fromRank, toRank, specifier });
      }
    }
  }

  return {
    violations: [
      ...[...unplaced].map(([folder, file]): Violation => ({ kind: 'unplaced', folder, file })),
      ...upward,
      ...findCycles(edges),
    ],
  };
}

/** The first path segment under `root`, with a module suffix removed for a file directly in `root`. */
function folderOf(root: string, absolute: string): string | undefined {
  const relative = path.relative(root, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const segments = relative.split(path.sep);
  const first = segments[0] ?? '';
  return segments.length === 1 ? first.replace(MODULE_SUFFIX, '') : first;
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of `pos`, by binary search over the line starts. */
function lineOf(starts: readonly number[], pos: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= pos) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/**
 * Strongly connected components of the folder graph (Tarjan). Every component of more than one
 * folder is a cycle; it is reported with one example import per folder-to-folder link inside it,
 * so whoever breaks the cycle sees every link they could cut, not just one path through it.
 */
function findCycles(edges: readonly ImportEdge[]): Violation[] {
  // The first import seen for each link is its example; files are visited in sorted order.
  const examples = new Map<string, ImportEdge>();
  const successors = new Map<string, Set<string>>();
  for (const edge of edges) {
    const key = `${edge.from}\0${edge.to}`;
    if (!examples.has(key)) examples.set(key, edge);
    successors.set(edge.from, (successors.get(edge.from) ?? new Set()).add(edge.to));
    if (!successors.has(edge.to)) successors.set(edge.to, new Set());
  }

  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];

  // Recursive: the graph has one node per folder under src/, a few dozen at most.
  const visit = (folder: string): void => {
    index.set(folder, index.size);
    lowLink.set(folder, index.get(folder) ?? 0);
    stack.push(folder);
    onStack.add(folder);
    for (const next of successors.get(folder) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(folder, Math.min(lowLink.get(folder) ?? 0, lowLink.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLink.set(folder, Math.min(lowLink.get(folder) ?? 0, index.get(next) ?? 0));
      }
    }
    if (lowLink.get(folder) === index.get(folder)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== folder);
      components.push(component);
    }
  };
  for (const folder of [...successors.keys()].sort()) if (!index.has(folder)) visit(folder);

  return components
    .filter((component) => component.length > 1)
    .map((component) => {
      const members = new Set(component);
      const links = [...examples.values()]
        .filter((edge) => members.has(edge.from) && members.has(edge.to))
        .sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
      return { kind: 'cycle' as const, folders: component.sort(), edges: links };
    })
    .sort((a, b) => compare(a.folders[0] ?? '', b.folders[0] ?? ''));
}

// Code-unit order rather than localeCompare: the report must not change with the machine's locale.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
