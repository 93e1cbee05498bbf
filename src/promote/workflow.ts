import type { SimpleGit } from 'simple-git';
import { UserError } from '../model/errors.js';
import { gitError } from '../git/errors.js';
import { openGit } from '../git/repo.js';
import { gitTree } from '../git/tree.js';
import { loadTree } from '../load/load-tree.js';
import { CONFIG_ROOTS, type TreeFile } from '../load/tree.js';
import { validateTree, type ValidationResult } from '../validate/index.js';
import { adviseGate, adviseValidate } from './advisory.js';
import { branchTip, checkBranchName, commitDiff, commitOnBranch, isReplaceable } from './branch.js';
import { commitMessage, pullRequestBody, pullRequestLabels } from './message.js';
import type { PlanOutcome, PromotionInput, PromotionPlan } from './plan.js';
import { preparePullRequest, publish } from './pull-request.js';
import { describeTraffic } from './traffic.js';

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
  const loaded = await loadTree({ description: `revision ${head.slice(0, 7)}`, readFiles: async () => files });
  const validation = validateTree(loaded);
  return {
    root,
    git,
    head,
    branch: parsed.branch,
    files,
    validation,
    input: { config: validation.config, texts: loaded.texts, revision: head.slice(0, 7) },
  };
}

/** Reads `git status --porcelain=v2 --branch`: HEAD's commit and branch, and the changed paths. */
export function parseStatus(text: string): { head?: string; branch?: string; dirty: string[] } {
  let head: string | undefined;
  let branch: string | undefined;
  const dirty: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# branch.oid ')) {
      const oid = line.slice('# branch.oid '.length).trim();
      if (/^[0-9a-f]{40,64}$/.test(oid)) head = oid;
    } else if (line.startsWith('# branch.head ')) {
      const name = line.slice('# branch.head '.length).trim();
      if (name !== '(detached)') branch = name;
    } else if (line.startsWith('1 ') || line.startsWith('u ')) {
      dirty.push(
        line
          .split(' ')
          .slice(line.startsWith('1 ') ? 8 : 10)
          .join(' '),
      );
    } else if (line.startsWith('2 ')) {
      dirty.push(line.split(' ').slice(9).join(' ').split('\t')[0]!);
    } else if (line.startsWith('? ')) {
      dirty.push(line.slice(2));
    }
  }
  return { ...(head !== undefined ? { head } : {}), ...(branch !== undefined ? { branch } : {}), dirty };
}

export interface DeliverOptions {
  pr: boolean;
  env: Readonly<Record<string, string | undefined>>;
  out: (text: string) => void;
  err: (text: string) => void;
  /** The clock, for the gate's soak times and freeze windows. */
  now: Date;
}

/** Turns a refusal into the error the CLI prints; returns the plan otherwise (or undefined when there is nothing to do). */
export function acceptPlan(outcome: PlanOutcome, out: (text: string) => void): PromotionPlan | undefined {
  switch (outcome.type) {
    case 'refused':
      throw new UserError(`${outcome.message}; nothing was written`, {
        ...(outcome.hint !== undefined ? { hint: outcome.hint } : {}),
        kind: outcome.kind,
      });
    case 'unchanged':
      out(`${outcome.message}\n`);
      return undefined;
    case 'plan':
      return outcome.plan;
  }
}

/** Writes the plan's branch, prints the change and the advice, and with `--pr` publishes it. */
export async function deliver(checkout: Checkout, plan: PromotionPlan, options: DeliverOptions): Promise<number> {
  const { git, head, root } = checkout;
  const { out, err } = options;

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
    ? await preparePullRequest(git, options.env, {
        base: checkout.branch,
        head,
        branch: plan.branch,
        log: (line) => err(`${line}\n`),
        ...(existing !== undefined ? { localTip: existing } : {}),
      })
    : undefined;

  const validate = await adviseValidate(checkout.files, checkout.validation, [plan.change]);
  const commit = await commitOnBranch(root, {
    parent: head,
    changes: [plan.change],
    message: commitMessage(plan),
    branch: plan.branch,
    ...(existing !== undefined ? { replaces: existing } : {}),
  });
  const gate = await adviseGate(root, head, commit, options.now);

  out(`${plan.title}\n`);
  out(
    `  ${plan.copiedFrom ? `new Deployment ${plan.deployment} in ${plan.change.path}, copied from ${plan.copiedFrom.file}` : `Deployment ${plan.deployment} in ${plan.change.path}`}\n`,
  );
  out(`  traffic: ${describeTraffic(plan.before)} -> ${describeTraffic(plan.after)}\n`);
  for (const note of plan.notes) out(`  note: ${note}\n`);
  out(`\n${await commitDiff(root, head, commit)}\n\n`);

  out(
    `validate: ${validate.errors} errors, ${validate.warnings} warnings in ${validate.fileCount} files after the change\n`,
  );
  if (validate.introduced.length > 0) {
    out(validate.text.replace(/\n[^\n]*\n$/, '\n'));
    err(
      `warning: this change introduces ${validate.introduced.length} validate finding${validate.introduced.length === 1 ? '' : 's'} (advisory: the branch was written anyway)\n`,
    );
  }
  if (gate.type === 'report') {
    out(`\ngate (advisory; the pull request's gate check decides):\n${gate.text}`);
    if (gate.blocked) err('warning: the gate would block this change (advisory: the branch was written anyway)\n');
  } else {
    out(`gate: not run (${gate.reason})\n`);
  }

  const base = checkout.branch ?? head.slice(0, 7);
  out(
    `\nbranch ${plan.branch} ${existing !== undefined ? 'updated' : 'created'} at ${commit.slice(0, 7)} (on top of ${base} at ${head.slice(0, 7)})\n`,
  );
  out(
    `your working tree is unchanged${checkout.branch ? ` and ${checkout.branch} is still checked out` : ''}; to look at the change: git switch ${plan.branch}\n`,
  );

  if (target) {
    let pr: { number: number; url: string; created: boolean };
    try {
      pr = await publish(git, target, {
        branch: plan.branch,
        title: plan.title,
        body: pullRequestBody(plan, validate, gate),
        labels: pullRequestLabels(plan),
      });
    } catch (error) {
      if (error instanceof UserError)
        throw new UserError(`${error.message} (the branch ${plan.branch} was written locally)`, {
          ...(error.hint !== undefined ? { hint: error.hint } : {}),
          kind: error.kind,
          cause: error,
        });
      throw error;
    }
    out(`pushed ${plan.branch} to origin\n`);
    out(`pull request #${pr.number} ${pr.created ? 'opened' : 'updated'}: ${pr.url}\n`);
  } else {
    out(`to propose it: git push -u origin ${plan.branch}, or run again with --pr\n`);
  }
  return 0;
}
