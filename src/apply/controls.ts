import type { FreezeWindow } from '../kinds/index.js';
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
}

/** The controls `config` declares for `env` (none for an environment it does not declare). */
export function controlsOf(config: Config, env: string, source: ControlSource): EnvironmentControls {
  const promotion = config.environments.get(env)?.environment?.resource.spec.promotion;
  return {
    sources: [source],
    promotion: promotion !== undefined,
    breakGlass: promotion?.breakGlass !== false,
    freeze: promotion?.freeze ?? [],
  };
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
  };
}
