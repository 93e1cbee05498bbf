import lt from 'semver/functions/lt.js';
import valid from 'semver/functions/valid.js';
import type { FreezeWindow } from '../kinds/index.js';
import type { EffectiveChange } from '../model/change.js';
import { sameValue } from '../model/diff.js';
import type { ResourceBody } from '../model/resource.js';
import type { TypedDoc } from '../load/document.js';
import { AccessIndex, type AccessDecision } from '../validate/access-eval.js';
import type { Config } from '../world/config.js';

/** Where a set of controls was read. */
export type ControlSource = 'applied' | 'default-branch';

/** The controls of one environment that `apply` enforces, as one revision declares them. */
export interface EnvironmentControls {
  /** Where they were read: the revision applied, or the tip of the default branch. */
  sources: ControlSource[];
  /** The Environment has a `promotion` policy: only merged commits. */
  promotion: boolean;
  /** `spec.promotion.breakGlass` is not `false`: `--allow-unmerged` may be used. */
  breakGlass: boolean;
  /** `spec.promotion.freeze`. */
  freeze: FreezeWindow[];
  /**
   * Who may apply: one judge per source whose AccessPolicies mention the `apply` action; every
   * judge must allow. Empty: no AccessPolicy mentions `apply`, the environment is open.
   */
  access: AccessJudge[];
}

/** The AccessPolicies of one environment in one source, asked whether an operator may apply. */
interface AccessJudge {
  source: ControlSource;
  index: AccessIndex<TypedDoc<'AccessPolicy'>>;
}

/** The controls `config` declares for `env` (none for an environment it does not declare). */
export function controlsOf(config: Config, env: string, source: ControlSource): EnvironmentControls {
  const envConfig = config.environments.get(env);
  const promotion = envConfig?.environment?.resource.spec.promotion;
  const policies = [...(envConfig?.accessPolicies.values() ?? [])];
  const mentionsApply = policies.some((p) => p.resource.spec.rules.some((r) => r.actions.includes('apply')));
  const index = () =>
    new AccessIndex(
      policies.flatMap((policy) => policy.resource.spec.rules.map((rule, i) => ({ policy, index: i, rule }))),
      config.project?.resource.spec.teams ?? {},
    );
  return {
    sources: [source],
    promotion: promotion !== undefined,
    breakGlass: promotion?.breakGlass !== false,
    freeze: promotion?.freeze ?? [],
    access: mentionsApply ? [{ source, index: index() }] : [],
  };
}

/** Why an operator may not apply a deployment: the first judge that says no. */
export interface AccessRefusal {
  deployment: string;
  source: ControlSource;
  decision: Exclude<AccessDecision<TypedDoc<'AccessPolicy'>>, { effect: 'allow' }>;
}

/**
 * Whether `subject` may apply every deployment named (`deployment:<name>`), by every judge; the
 * first refusal otherwise. An environment whose policies never mention `apply` is open.
 */
export function refuseApply(
  controls: EnvironmentControls,
  subject: string,
  deployments: readonly string[],
): AccessRefusal | undefined {
  for (const judge of controls.access) {
    for (const deployment of deployments) {
      const decision = judge.index.decide(subject, 'apply', `deployment:${deployment}`);
      if (decision.effect !== 'allow') return { deployment, source: judge.source, decision };
    }
  }
  return undefined;
}

/**
 * The stricter of two sets of controls: what the revision applied declares and what the default
 * branch declares. A revision can add controls, never remove them: deleting a promotion policy,
 * a freeze window or `breakGlass: false` in an unmerged commit changes nothing.
 */
export function strictest(a: EnvironmentControls, b: EnvironmentControls): EnvironmentControls {
  return {
    sources: [...a.sources, ...b.sources],
    promotion: a.promotion || b.promotion,
    breakGlass: a.breakGlass && b.breakGlass,
    freeze: [...a.freeze, ...b.freeze.filter((w) => !a.freeze.some((x) => x.from === w.from && x.to === w.to))],
    access: [...a.access, ...b.access],
  };
}

/** The freeze window `now` falls in, if any (from inclusive, to exclusive). */
export function activeFreeze(controls: EnvironmentControls, now: Date): FreezeWindow | undefined {
  const t = now.getTime();
  return controls.freeze.find((w) => t >= Date.parse(w.from) && t < Date.parse(w.to));
}

type Split = Array<{ version: string; percent: number }>;

function shares(body: ResourceBody): Map<string, number> {
  const traffic = (body.spec as { traffic?: Split } | undefined)?.traffic ?? [];
  const map = new Map<string, number>();
  for (const t of traffic) map.set(t.version, (map.get(t.version) ?? 0) + t.percent);
  return map;
}

function modelOf(body: ResourceBody): string {
  const model = (body.spec as { model?: unknown } | undefined)?.model;
  return typeof model === 'string' ? model : '';
}

function withoutTraffic(body: ResourceBody): unknown {
  const { traffic: _traffic, ...spec } = (body.spec ?? {}) as Record<string, unknown>;
  return { spec, metadata: body.metadata ?? null };
}

/** What tells a rollback from a move back to any older version: the environment's own past. */
export interface RollbackEvidence {
  /** Versions that had all of the Deployment's traffic in the environment before (its audit log). */
  everFull(deployment: string): ReadonlySet<string>;
  /** Whether the revision applied declares `version` of `model` revoked. */
  revoked(model: string, version: string): boolean;
}

/**
 * Whether a change only takes traffic away from versions (a rollback), the one kind of change a
 * freeze lets through: an update of a Deployment in which nothing but the traffic split (and the
 * artifacts of the versions it names) changes, at least one version loses traffic, and every
 * version that gains traffic is older (semver) than every version that loses it, had all of the
 * Deployment's traffic before and is not revoked. A canary that grows, a new version, a move back
 * to a version that was only ever a canary, a digest re-published under an old version, a
 * deletion: not rollbacks.
 */
export function isRollback(change: EffectiveChange, evidence: RollbackEvidence): boolean {
  if (change.kind !== 'Deployment' || change.action !== 'update') return false;
  const { before, after } = change;
  if (!sameValue(withoutTraffic(before), withoutTraffic(after))) return false;
  const was = shares(before);
  const now = shares(after);
  const gainers: string[] = [];
  const losers: string[] = [];
  for (const v of new Set([...was.keys(), ...now.keys()])) {
    const delta = (now.get(v) ?? 0) - (was.get(v) ?? 0);
    if (delta > 0) gainers.push(v);
    else if (delta < 0) losers.push(v);
  }
  if (losers.length === 0) return false;
  if (![...gainers, ...losers].every((v) => valid(v) !== null)) return false;
  if (!gainers.every((g) => losers.every((l) => lt(g, l)))) return false;
  const past = evidence.everFull(change.name);
  const model = modelOf(after);
  if (!gainers.every((g) => past.has(g) && !evidence.revoked(model, g))) return false;
  // An artifact already recorded must stay as it is; only a version gaining traffic may bring one.
  const oldArtifacts = before.artifacts ?? {};
  for (const [version, artifact] of Object.entries(after.artifacts ?? {})) {
    const old = oldArtifacts[version];
    if (old ? !sameValue(old, artifact) : !gainers.includes(version)) return false;
  }
  return true;
}
