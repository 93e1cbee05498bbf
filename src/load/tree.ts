/**
 * A file of a configuration tree, read from the working directory or a git revision.
 * Problems found while reading are data, so that the loader can report them as diagnostics.
 */
export type TreeFile =
  | { path: string; status: 'ok'; content: Buffer; /** The git object id, when read from a revision: equal ids are equal files. */ blob?: string }
  | { path: string; status: 'too-large'; size: number }
  | { path: string; status: 'symlink-escape'; /** The link's target as written in the link. */ target: string }
  | { path: string; status: 'unreadable'; reason: string };

/** A source of configuration files: the working directory or a git revision. */
export interface TreeSource {
  /** Human description, e.g. `working tree /repo` or `revision 4f2a9c1`. */
  readonly description: string;
  /** Every Slipway file in the tree (see `isConfigPath`), sorted by path. */
  readFiles(): Promise<TreeFile[]>;
}

/** Files over this size are refused before they are parsed. */
export const MAX_FILE_BYTES = 1024 * 1024;

const YAML_EXT = /\.ya?ml$/;

/** Whether a repository-relative path is one Slipway reads (design §1). */
export function isConfigPath(path: string): boolean {
  if (path === 'slipway.yaml' || path === 'slipway.yml') return true;
  return (path.startsWith('models/') || path.startsWith('environments/')) && YAML_EXT.test(path);
}

/** The top-level entries a tree walk needs to look at. */
export const CONFIG_ROOTS = ['slipway.yaml', 'slipway.yml', 'models', 'environments'] as const;
