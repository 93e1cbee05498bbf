import type { SimpleGit } from 'simple-git';
import type { GateReport } from '../gate/evaluate.js';
import { gitError } from '../git/errors.js';
import { openGit } from '../git/repo.js';
import { gitTree } from '../git/tree.js';
import { CONFIG_ROOTS, type TreeFile } from '../load/tree.js';
import { UserError } from '../model/errors.js';
import { parseStatus } from '../git/status.js';
import { validateAdvice, withChanges, type ValidateAdvice } from '../promote/advisory.js';
import { branchTip, checkBranchName, commitDiff, commitOnBranch, isReplaceable } from '../promote/branch.js';
import { commitMessage, pullRequestLabels } from '../promote/message.js';
import type { PlanOutcome, PromotionInput, PromotionPlan } from '../promote/plan.js';
import { preparePullRequest, publish } from '../promote/pull-request.js';
import type { ValidationResult } from '../validate/index.js';
import { loadAndValidate } from './load-config.js';

/**
 * The steps every promotion and rollback share, around a pure plan: read the last commit,
 * refuse before writing anything, then write the branch, advise, and optionally publish.
 */

/** The repository a promotion starts from: its HEAD, read and validated. */
export interface Checkout {
  root: string;
  git: SimpleGit;
  head: string;
  /** The branch checked out; undefined on a detached HEAD. */
  branch: string | undefined;
  files: TreeFile[];
  validation: ValidationResult;
  input: PromotionInput;
}

/**
 * Opens the repository at `root` and reads HEAD. A promotion is a commit on top of HEAD, so
 * uncommitted changes to the configuration are refused: they would silently be left out.
 */
export async function openCheckout(root: string): Promise<Checkout> {
  const git = openGit(root);
  // One `git status` answers three questions: HEAD's commit, its branch, and what is uncommitted.
  let status: string;
  try {
    status = await git.raw(['status', '--porcelain=v2', '--branch', '--untracked-files=all', '--', ...CONFIG_ROOTS]);
  } catch (error) {
    const mapped = gitError(error, root);
    if (/not a git repository/.test(mapped.message))
      throw new UserError(`${root} is not a git repository`, {
        hint: 'promotions are commits: run slipway inside the configuration repository, or pass --repo',
        cause: error,
      });
    throw mapped;
  }
  const parsed = parseStatus(status);
  if (parsed.head === undefined)
    throw new UserError(`${root} has no commit yet`, {
      hint: 'commit the configuration first: a promotion is a commit on top of HEAD',
    });
  if (parsed.dirty.length > 0) {
    const shown =
      parsed.dirty.slice(0, 5).join(', ') + (parsed.dirty.length > 5 ? ` and ${parsed.dirty.length - 5} more` : '');
    throw new UserError(`the working tree has uncommitted changes (${shown})`, {
      hint: 'commit or stash them first: a promotion is a commit on top of HEAD, and would leave them out',
    });
  }
  const head = parsed.head;
  const files = await gitTree(root, head).readFiles();
  const { loaded, result } = await loadAndValidate({
    description: `revision ${head.slice(0, 7)}`,
    readFiles: async () => files,
  });
  return {
    root,
    git,
    head,
    branch: parsed.branch,
    files,
    validation: result,
    input: { config: result.config, texts: loaded.texts, revision: head.slice(0, 7) },
  };
}

/** The gate's verdict on the promotion commit against its base, when the gate could run. */
type GateAdvice = { kind: 'report'; report: GateReport } | { kind: 'unavailable'; reason: string };

/** A promotion written to its branch, with the advice on it. */
export interface Delivery {
  plan: PromotionPlan;
  branch: string;
  /** The commit written on `branch`. */
  commit: string;
  /** The commit it sits on (HEAD), and the branch checked out there (none on a detached HEAD). */
  base: { commit: string; branch: string | undefined };
  /** Whether `branch` existed (an earlier run's) and was moved, rather than created. */
  replaced: boolean;
  /** The commit's unified diff, as git shows it. */
  diff: string;
  validate: ValidateAdvice;
  gate: GateAdvice;
}

/** What a promotion or rollback did; refusals are UserErrors, and nothing is written then. */
export type PromotionResult =
  /** Nothing to do: the environment already has what was asked for. */
  | { kind: 'unchanged'; message: string }
  /** The branch is written locally. */
  | ({ kind: 'written' } & Delivery)
  /** The branch is written, pushed to origin, and its pull request opened or updated. */
  | ({ kind: 'pushed'; pr: { number: number; url: string; created: boolean } } & Delivery);

export interface DeliveryOptions {
  /** The repository root, resolved. */
  root: string;
  /** Push the branch and open or update its pull request (`--pr`). */
  pr: boolean;
  /** The environment variables: GitHub token, repository, and the client's knobs (for `pr`). */
  vars: Readonly<Record<string, string | undefined>>;
  /** The clock, for the gate's soak times and freeze windows. */
  now: Date;
  /** The working directory: where a relative `$SLIPWAY_STATE` path resolves. */
  cwd: string;
}

/** What a delivery reports as it goes, and the one rendering it needs (format/ lives above app/). */
export interface DeliveryPorts {
  /** Notices of the GitHub client (retries, rate limits), one line each. */
  log(line: string): void;
  /** The branch is written: reported before anything is pushed, so a failed push still shows it. */
  written(delivery: Delivery): void;
  /** The pull request's body (`pr` only). */
  pullRequestBody(delivery: Delivery): string;
}

/**
 * Turns a plan into a branch: refusals become the error the CLI prints, an unchanged outcome is
 * returned, and a plan is written (and with `pr`, published).
 */
export async function deliverOutcome(
  checkout: Checkout,
  outcome: PlanOutcome,
  options: DeliveryOptions,
  ports: DeliveryPorts,
): Promise<PromotionResult> {
  switch (outcome.type) {
    case 'refused':
      throw new UserError(`${outcome.message}; nothing was written`, {
        ...(outcome.hint !== undefined ? { hint: outcome.hint } : {}),
        kind: outcome.kind,
      });
    case 'unchanged':
      return { kind: 'unchanged', message: outcome.message };
    case 'plan':
      return deliver(checkout, outcome.plan, options, ports);
  }
}

/** Writes the plan's branch, advises on it, and with `pr` publishes it. */
async function deliver(
  checkout: Checkout,
  plan: PromotionPlan,
  options: DeliveryOptions,
  ports: DeliveryPorts,
): Promise<PromotionResult> {
  const { git, head, root } = checkout;

  // Every refusal comes before the first write.
  await checkBranchName(git, plan.branch);
  if (checkout.branch === plan.branch)
    throw new UserError(`branch ${plan.branch} is checked out; nothing was written`, {
      hint: 'switch to the base branch (e.g. git switch main), or pass --branch NAME',
    });
  const existing = await branchTip(git, plan.branch);
  if (existing !== undefined && !(await isReplaceable(git, head, existing))) {
    throw new UserError(
      `branch ${plan.branch} already exists and has commits that slipway did not write; nothing was written`,
      { hint: `pass --branch NAME, or delete it: git branch -D ${plan.branch}` },
    );
  }
  const target = options.pr
    ? await preparePullRequest(git, options.vars, {
        base: checkout.branch,
        head,
        branch: plan.branch,
        log: ports.log,
        ...(existing !== undefined ? { localTip: existing } : {}),
      })
    : undefined;

  const validate = await adviseValidate(checkout, plan);
  const commit = await commitOnBranch(root, {
    parent: head,
    changes: [plan.change],
    message: commitMessage(plan),
    branch: plan.branch,
    ...(existing !== undefined ? { replaces: existing } : {}),
  });
  const gate = await adviseGate(root, head, commit, options);
  const delivery: Delivery = {
    plan,
    branch: plan.branch,
    commit,
    base: { commit: head, branch: checkout.branch },
    replaced: existing !== undefined,
    diff: await commitDiff(root, head, commit),
    validate,
    gate,
  };
  ports.written(delivery);
  if (!target) return { kind: 'written', ...delivery };

  try {
    const pr = await publish(git, target, {
      branch: plan.branch,
      title: plan.title,
      body: ports.pullRequestBody(delivery),
      labels: pullRequestLabels(plan),
    });
    return { kind: 'pushed', pr, ...delivery };
  } catch (error) {
    if (error instanceof UserError)
      throw new UserError(`${error.message} (the branch ${plan.branch} was written locally)`, {
        ...(error.hint !== undefined ? { hint: error.hint } : {}),
        kind: error.kind,
        cause: error,
      });
    throw error;
  }
}

/** Validates the tree after the change and reports what the change introduced. */
async function adviseValidate(checkout: Checkout, plan: PromotionPlan): Promise<ValidateAdvice> {
  const after = await loadAndValidate({
    description: 'the promotion',
    readFiles: async () => withChanges(checkout.files, [plan.change]),
  });
  return validateAdvice(checkout.validation, after.result, after.loaded.texts);
}

/**
 * The gate (app/gate.ts), run on the promotion commit against its base, exactly as the pull
 * request's gate check will run it, minus the reviews it cannot have yet (approvals show as
 * pending). Soak evidence comes from the same store the gate reads (`$SLIPWAY_STATE`, else the
 * base's `spec.state.url`, else `.slipway/state.db`), or from the base's git history when that
 * store does not exist, with the same clamps.
 */
async function adviseGate(dir: string, base: string, head: string, options: DeliveryOptions): Promise<GateAdvice> {
  const { runGate } = await import('./gate.js');
  try {
    const { report } = await runGate({
      dir,
      base,
      head,
      now: options.now,
      state: { env: options.vars.SLIPWAY_STATE, cwd: options.cwd },
    });
    return { kind: 'report', report };
  } catch (error) {
    // Advice must not turn a written branch into a failed command; the reason is printed instead.
    if (error instanceof UserError) return { kind: 'unavailable', reason: error.message };
    throw error;
  }
}
