/**
 * What each command receives from commander. `run.ts` declares every option with its choices,
 * defaults and whether it is required, and commander refuses anything else with a usage error
 * before a command runs, so these types describe checked values. (A schema library here would
 * check the same things a second time and cost every command its load time.)
 */

interface Common {
  /** `--repo`, default `.`. */
  repo: string;
}

export interface ValidateOptions extends Common {
  format: 'text' | 'json' | 'sarif' | 'github';
  output?: string;
}

export interface PlanOptions extends Common {
  /** One or more, from `--env a,b` or a repeated `--env` (see env-list.ts). */
  env: string[];
  rev?: string;
  state?: string;
  format: 'text' | 'json' | 'markdown';
  out?: string;
  detailedExitcode?: boolean;
}

export interface ApplyOptions extends Common {
  env: string[];
  rev?: string;
  state?: string;
  plan?: string;
  yes?: boolean;
  /** A duration such as `30s`, parsed by the command; default `0s`. */
  lockTimeout: string;
  as?: string;
  allowUnmerged?: boolean;
}

export interface RenderOptions extends Common {
  /** One or more, from `--env a,b` or a repeated `--env`. */
  env: string[];
  rev?: string;
  /** The folder to write the deploy folder into (one environment). */
  out?: string;
  format: 'yaml' | 'json';
}

export interface StatusOptions extends Common {
  env?: string;
  state?: string;
  format: 'text' | 'json';
  /** Compare with this revision instead of the default branch's head. */
  rev?: string;
  exitCode?: boolean;
}

export interface HistoryOptions extends Common {
  env: string;
  state?: string;
  resource?: string;
  format: 'text' | 'json';
  /** Check the audit log's hash chain; exit 1 when broken. */
  verify?: boolean;
}

export interface UnlockOptions extends Common {
  env: string;
  state?: string;
}

export interface GateOptions extends Common {
  base: string;
  head: string;
  state?: string;
  format: 'text' | 'json' | 'markdown';
  github?: boolean;
}

export interface PromoteOptions extends Common {
  to: string;
  canary?: string;
  branch?: string;
  pr?: boolean;
}

export interface RollbackOptions extends Common {
  env: string;
  to?: string;
  fromGit?: boolean;
  fromState?: boolean;
  branch?: string;
  pr?: boolean;
}

export interface ReportOptions extends Common {
  /** Where the page goes, relative to the working directory; default `slipway-report.html`. */
  out: string;
  state?: string;
  rev?: string;
}

/** `access check|explain|who-can|pii`: one environment's access rules. */
export interface AccessOptions extends Common {
  env: string;
  format: 'text' | 'json';
}

/** `data verify --env E`: the data sources of one environment, checked where the data lives. */
export interface DataVerifyOptions extends Common {
  env: string;
  /** `--source`, repeated: only these sources. */
  source?: string[];
  format: 'text' | 'json' | 'junit';
  state?: string;
  /** `--no-record` makes it false; default true. */
  record: boolean;
  strict?: boolean;
  /** A duration such as `2m`, parsed by the command; default `60s`. */
  timeout: string;
}

/** `init [DIR]`: no --repo, the folder is its argument. */
export interface InitOptions {
  name?: string;
}

/** Each command's options by its name. */
export interface CommandOptions {
  validate: ValidateOptions;
  plan: PlanOptions;
  apply: ApplyOptions;
  render: RenderOptions;
  status: StatusOptions;
  history: HistoryOptions;
  unlock: UnlockOptions;
  gate: GateOptions;
  promote: PromoteOptions;
  rollback: RollbackOptions;
  report: ReportOptions;
  'access check': AccessOptions;
  'access explain': AccessOptions;
  'access who-can': AccessOptions;
  'access pii': AccessOptions;
  'data verify': DataVerifyOptions;
  init: InitOptions;
}
