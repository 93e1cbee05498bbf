import { randomUUID } from 'node:crypto';
import type { VerifyResult } from '../data/result.js';
import { verifySources } from '../data/verify.js';
import type { SourceOpener, SourceRef } from '../engines/types.js';
import { UserError } from '../model/errors.js';
import { closest } from '../validate/suggest.js';
import type { ValidateReport } from '../validate/report.js';
import { openStore } from '../state/open.js';
import type { VerificationRun } from '../state/store.js';
import { loadDesired, type Desired } from './desired.js';

export interface DataVerifyOptions {
  /** The repository root, resolved. */
  root: string;
  /** Where a relative `--state` or `$SLIPWAY_STATE` path resolves (the working directory). */
  cwd: string;
  /** `$SLIPWAY_STATE`, when set. */
  stateFromEnv?: string | undefined;
  env: string;
  /** `--source`: only these data sources, in the environment's order; every declared one when empty. */
  sources: readonly string[];
  /** `--state`, when given. */
  state?: string | undefined;
  /** Whether the run is recorded in the state store (`--no-record` turns it off). */
  record: boolean;
  /** `--strict`: a skipped check fails the run as a failed one does. */
  strict: boolean;
  /** Each source's budget (`--timeout`), in milliseconds. */
  timeoutMs?: number | undefined;
}

export interface DataVerifyPorts {
  /** The clock freshness is judged against, and the run's time. */
  now(): Date;
  /** Where connection variables (`provider: env` secretRefs, `SLIPWAY_DATA_<NAME>_URL`) are read. */
  variables: Readonly<Record<string, string | undefined>>;
  /** Opens data sources; the real engines by default (tests pass a fake). */
  open?: SourceOpener;
}

export type DataVerifyResult =
  /** No check failed or errored (and, with `strict`, none was skipped). */
  | { kind: 'passed'; result: VerifyResult; recorded?: string }
  | { kind: 'failed'; result: VerifyResult; recorded?: string }
  /** The configuration does not validate: nothing was verified. */
  | { kind: 'invalid'; report: ValidateReport; source: string };

/**
 * `slipway data verify`: every DataSource declared in the environment (or the `--source` ones),
 * checked where the data lives. All declared sources, not only those a deployment reads: a
 * declared source is a promise about data that someone reads, and a source about to gain a
 * reader must already be verifiable.
 */
export async function verifyData(options: DataVerifyOptions, ports: DataVerifyPorts): Promise<DataVerifyResult> {
  const loaded = await loadDesired({
    root: options.root,
    cwd: options.cwd,
    stateFromEnv: options.stateFromEnv,
    env: [options.env],
    state: options.state,
  });
  if (loaded.kind === 'invalid') return loaded;
  const desired = loaded.desired[0]!;
  const declared = desired.config.environments.get(options.env)?.dataSources ?? new Map();
  const sources = selectSources(
    options.env,
    [...declared.values()].map((d) => ({ name: d.name, spec: d.resource.spec })),
    options.sources,
  );
  const open =
    ports.open ?? (await import('../engines/open.js')).openSources({ root: options.root, env: ports.variables });
  const result = await verifySources({
    environment: options.env,
    sources,
    now: ports.now(),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    open,
  });
  const kind = verdict(result, options.strict);
  if (!options.record) return { kind, result };
  return { kind, result, recorded: await record(desired, result) };
}

/**
 * Stores the run (each source's status and check counts; no connection string, no observed
 * value) in the state store the default branch names, or `--state`, creating it as apply
 * does. Returns the store's description.
 */
async function record(desired: Desired, result: VerifyResult): Promise<string> {
  const run: VerificationRun = {
    env: desired.env,
    at: result.at,
    revision: desired.revision.revision,
    dirty: desired.revision.dirty,
    runId: randomUUID(),
    sources: result.sources.map((s) => {
      const count = (status: string): number => s.checks.filter((c) => c.status === status).length;
      return {
        source: s.name,
        engine: s.engine,
        status: s.status,
        summary: { passed: count('pass'), failed: count('fail'), errors: count('error'), skipped: count('skipped') },
      };
    }),
  };
  const store = await openStore(desired.state, { create: true });
  try {
    await store.recordVerification(run);
    return store.description;
  } finally {
    await store.close();
  }
}

/** The sources named by `--source`, in declaration order; a usage error for a name not declared. */
function selectSources(env: string, declared: readonly SourceRef[], wanted: readonly string[]): SourceRef[] {
  if (wanted.length === 0) return [...declared];
  const names = declared.map((s) => s.name);
  const unknown = wanted.filter((w) => !names.includes(w));
  if (unknown.length > 0) {
    const suggestions = unknown.flatMap((u) => {
      const c = closest(u, names);
      return c !== undefined ? [`did you mean \`${c}\` for \`${u}\`?`] : [];
    });
    const known = names.length > 0 ? `data sources of ${env}: ${names.join(', ')}` : `${env} declares no DataSource`;
    throw new UserError(
      `unknown data source${unknown.length === 1 ? '' : 's'} ${unknown.map((u) => `"${u}"`).join(', ')} in ${env}`,
      { hint: [...suggestions, known].join('; '), kind: 'usage' },
    );
  }
  return declared.filter((s) => wanted.includes(s.name));
}

function verdict(result: VerifyResult, strict: boolean): 'passed' | 'failed' {
  const { failed, errors, skipped } = result.summary;
  return failed > 0 || errors > 0 || (strict && skipped > 0) ? 'failed' : 'passed';
}
