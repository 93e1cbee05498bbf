import type { Environment } from '../kinds/index.js';
import type { StateStore } from '../state/store.js';
import { LocalTarget } from './local.js';
import type { Target } from './target.js';

/** The target an Environment declares. */
export function targetFor(environment: Environment, store: StateStore): Target {
  switch (environment.spec.target.type) {
    case 'local':
      return new LocalTarget(store);
    case 'kubernetes':
      throw new Error('the kubernetes target is applied by `slipway apply` once delivery is wired');
  }
}
