import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../model/errors.js';
import { isKind, type Kind } from '../kinds/index.js';
import type { EffectiveChange } from '../model/change.js';
import type { ResourceBody } from '../model/resource.js';
import type { DeliveryPlan } from '../render/types.js';
import type { PlanReport } from './report.js';

/** The documented JSON shape of a plan (docs/output.md), also the file `plan --out` saves. */
export interface PlanJson {
  formatVersion: 1;
  env: string;
  revision: string;
  dirty: boolean;
  stateFingerprint: string;
  createdAt: string;
  summary: PlanReport['summary'];
  /** Only resources that change (no-ops are counted in `summary.unchanged`), in apply order. */
  changes: EffectiveChange[];
  /** For a kubernetes target: the deploy branch's objects that change, and what is not enforced. */
  delivery?: DeliveryPlan;
}

export function toPlanJson(report: PlanReport): PlanJson {
  return {
    formatVersion: 1,
    env: report.env,
    revision: report.revision,
    dirty: report.dirty,
    stateFingerprint: report.stateFingerprint,
    createdAt: report.createdAt,
    summary: report.summary,
    changes: report.changes.filter((c): c is EffectiveChange => c.action !== 'no-op'),
    ...(report.delivery ? { delivery: report.delivery } : {}),
  };
}

/** The text of a saved plan file: its JSON shape, indented, with a final newline. */
export function savedPlanText(report: PlanReport): string {
  return JSON.stringify(toPlanJson(report), null, 2) + '\n';
}

// A saved plan is our own JSON, but it crosses a process boundary (and maybe a CI artifact
// store), so it is parsed, not trusted.
const Body = z.object({
  metadata: z
    .object({
      labels: z.record(z.string(), z.string()).optional(),
      annotations: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  spec: z.unknown(),
  artifacts: z.record(z.string(), z.object({ uri: z.string(), digest: z.string() })).optional(),
});
const Field = z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() });
const KindName = z.string().refine(isKind, 'unknown kind');
const Drift = z.enum(['changed', 'missing', 'unrecorded']).optional();
const Change = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('create'),
    kind: KindName,
    name: z.string(),
    drift: Drift,
    after: Body,
    hash: z.string(),
    diff: z.array(Field),
  }),
  z.object({
    action: z.literal('update'),
    kind: KindName,
    name: z.string(),
    drift: Drift,
    before: Body,
    after: Body,
    hash: z.string(),
    diff: z.array(Field),
  }),
  z.object({
    action: z.literal('delete'),
    kind: KindName,
    name: z.string(),
    drift: Drift,
    before: Body,
    diff: z.array(Field),
  }),
]);
const SavedPlan = z.object({
  formatVersion: z.literal(1),
  env: z.string(),
  revision: z.string(),
  dirty: z.boolean(),
  stateFingerprint: z.string(),
  createdAt: z.string(),
  summary: z.object({
    add: z.number(),
    change: z.number(),
    destroy: z.number(),
    unchanged: z.number(),
    drift: z.number(),
  }),
  changes: z.array(Change),
});

/** Reads a plan saved by `plan --out`; a clear error when it is missing or not one. */
export async function readSavedPlan(file: string): Promise<PlanJson> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read plan ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      hint: 'pass the file written by `slipway plan --out`',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`plan ${file} is not JSON`, { hint: 'pass the file written by `slipway plan --out`' });
  }
  const parsed = SavedPlan.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `plan ${file} is not a Slipway plan (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'bad shape'})`,
      { hint: 'make it again with `slipway plan --out`' },
    );
  }
  const plan = parsed.data;
  // zod's types are structural; the bodies and kinds are checked above.
  return {
    ...plan,
    changes: plan.changes.map((c) => ({
      ...c,
      kind: c.kind as Kind,
      ...('after' in c ? { after: c.after as ResourceBody } : {}),
      ...('before' in c ? { before: c.before as ResourceBody } : {}),
    })),
  } as PlanJson;
}
