import type { AppliedResource, StateStore } from '../state/store.js';
import { contentHash, textHash } from '../model/canonical.js';
import type { ObservedResource, Target } from './target.js';

/**
 * The `local` target: the state store itself is the live state, so applying is recording (done
 * by the apply loop, in the same transaction as the audit row). Drift is a stored resource whose
 * content no longer matches the hash recorded with it: an edit made outside Slipway.
 */
export class LocalTarget implements Target {
  readonly description: string;
  constructor(private readonly store: StateStore) {
    this.description = `local (${store.description})`;
  }

  async observe(env: string): Promise<ObservedResource[]> {
    return this.observeFrom(await this.store.resources(env));
  }

  /** The live view from rows already read: the store is the target, so it is read once. */
  observeFrom(recorded: readonly AppliedResource[]): ObservedResource[] {
    // Bodies are stored as canonical JSON: when the text still hashes to the recorded hash, the
    // content does; only a body changed outside Slipway (or written by an older version) is re-serialized.
    return recorded.map((r) => ({
      kind: r.kind,
      name: r.name,
      body: r.body,
      hash: textHash(r.bodyText) === r.hash ? r.hash : contentHash(r.body),
    }));
  }

  async apply(): Promise<void> {
    // Nothing to do beyond the record the apply loop writes.
  }
}
