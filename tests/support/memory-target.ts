import type { EffectiveChange } from '../../src/model/change.js';
import type { ObservedResource, Target } from '../../src/targets/target.js';
import { TargetError } from '../../src/targets/target.js';

/**
 * A real in-memory target with injectable faults: fail a resource's first N applies
 * (transiently), fail one permanently, or be slow. Live state can be edited to simulate drift.
 */
export class MemoryTarget implements Target {
  readonly description = 'memory';
  readonly live = new Map<string, ObservedResource>();
  /** Every apply attempt, as `Kind/name`. */
  readonly attempts: string[] = [];
  private readonly transient = new Map<string, number>();
  private readonly permanent = new Set<string>();

  constructor(private readonly delayMs = 0) {}

  failTimes(key: string, times: number): this {
    this.transient.set(key, times);
    return this;
  }

  failAlways(key: string): this {
    this.permanent.add(key);
    return this;
  }

  async observe(): Promise<ObservedResource[]> {
    return [...this.live.values()];
  }

  async apply(_env: string, change: EffectiveChange): Promise<void> {
    const key = `${change.kind}/${change.name}`;
    this.attempts.push(key);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.permanent.has(key)) throw new TargetError(`${key} rejected: quota exceeded`, { transient: false });
    const left = this.transient.get(key) ?? 0;
    if (left > 0) {
      this.transient.set(key, left - 1);
      throw new TargetError(`${key}: 503 service unavailable`, { transient: true });
    }
    if (change.action === 'delete') this.live.delete(key);
    else this.live.set(key, { kind: change.kind, name: change.name, body: change.after, hash: change.hash });
  }
}
