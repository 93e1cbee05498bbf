/**
 * A file of a configuration tree, read from the working directory or a git revision.
 * Problems found while reading are data, so that the loader can report them as diagnostics.
 */
export type TreeFile =
  | {
      path: string;
      status: 'ok';
      content: Buffer;
      /** The git object id, when read from a revision: equal ids are equal files. */ blob?: string;
    }
  | { path: string; status: 'too-large'; size: number }
  | { path: string; status: 'symlink-escape'; /** The link's target as written in the link. */ target: string }
  | { path: string; status: 'unreadable'; reason: string };

/** A source of configuration files: the working directory or a git revision. */
export interface TreeSource {
  /** Human description, e.g. `working tree /repo` or `revision 4f2a9c1`. */
  readonly description: string;
  /** Every Slipway file in the tree (see `isConfigPath`), sorted by path. */
  readFiles(): Promise<TreeFile[]>;
  /**
   * Optional: hands every file to `onFile` as soon as it is read, in no particular order, and
   * resolves when all have been; `loadTree` then parses while the rest is still being read.
   */
  streamFiles?(onFile: (file: TreeFile) => void): Promise<void>;
  /** Only part of the tree is read (see `TreeScope`). */
  readonly scope?: TreeScope;
}

/** The order of `TreeSource.readFiles`: by path. */
export const byPath = (a: { path: string }, b: { path: string }): number =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;

/** Files over this size are refused before they are parsed. */
export const MAX_FILE_BYTES = 1024 * 1024;

const YAML_EXT = /\.ya?ml$/;
const HIDDEN_PART = /(?:^|\/)\./;

/**
 * Whether a file or folder name is hidden: it starts with a dot (`.github/`, `.drafts/`,
 * `.hidden.yaml`). Hidden names are never Slipway's, in the working tree and in a git revision
 * alike (docs/loading.md), so that `validate` and `gate` judge the same documents.
 */
export const isHiddenName = (name: string): boolean => name.startsWith('.');

/** Whether any part of a repository-relative path is hidden (`environments/.drafts/d.yaml`). */
export const hasHiddenPart = (path: string): boolean => HIDDEN_PART.test(path);

/**
 * Whether a repository-relative path is one Slipway reads (README, "A tour of the kinds": the
 * layout): slipway.yaml, and the YAML files under models/ and environments/ outside hidden folders.
 * The one rule both tree readers (fsTree, gitTree) and the history apply.
 */
export function isConfigPath(path: string): boolean {
  if (path === 'slipway.yaml' || path === 'slipway.yml') return true;
  return (
    (path.startsWith('models/') || path.startsWith('environments/')) && YAML_EXT.test(path) && !hasHiddenPart(path)
  );
}

/** The top-level entries a tree walk needs to look at. */
export const CONFIG_ROOTS = ['slipway.yaml', 'slipway.yml', 'models', 'environments'] as const;

/**
 * A part of the repository: what plan and apply of some environments depend on. slipway.yaml,
 * models/ and every environment's environment.yaml (promotion order and `from` references span
 * environments), and everything under the named environments' folders. Other environments'
 * resources are neither read nor validated, so a broken file in dev never blocks applying prod.
 */
export interface TreeScope {
  environments: readonly string[];
}

const ENV_FILE = /^environments\/[^/]+\/environment\.ya?ml$/;

/** Whether a repository-relative path is in the scope (every path is, without one). */
export function inScope(scope: TreeScope | undefined, path: string): boolean {
  if (!scope || !path.startsWith('environments/')) return true;
  if (ENV_FILE.test(path)) return true;
  // The folder itself too: a link or an unreadable folder there is reported, not dropped.
  return scope.environments.includes(path.slice('environments/'.length).split('/', 1)[0]!);
}

/** Whether a folder may hold files in the scope: then it is walked. */
export function folderInScope(scope: TreeScope | undefined, path: string): boolean {
  if (!scope || !path.startsWith('environments/')) return true;
  const parts = path.split('/');
  // environments/<env> is walked for its environment.yaml; deeper folders only for named environments.
  return parts.length <= 2 || scope.environments.includes(parts[1]!);
}

/** Why a second link to a folder (or to a folder inside one already linked) is not read, from disk and from git alike. */
export function alreadyLinked(first: string): string {
  return `it is a folder already read through a symbolic link, as ${first}; a linked folder is read once`;
}

/** Why a link found inside a linked folder is not followed, from disk and from git alike. */
export function linkToLink(target: string): string {
  return `symbolic link to another symbolic link (${target}); link to the file itself`;
}
