import type { Environment } from '../kinds/index.js';
import type { StateStore } from '../state/store.js';
import { KubernetesTarget, type Delivered, type DeployBranch, type DeploySource } from './kubernetes.js';
import { LocalTarget } from './local.js';
import type { Target } from './target.js';

/** What a kubernetes target needs beyond its spec: the repository, and the manifests rendered above this layer. */
export interface Delivery {
  deploy: DeployBranch;
  source: DeploySource;
  onDelivered?: (delivered: Delivered) => void;
}

/** The target an Environment declares; a kubernetes one needs its `delivery`. */
export function targetFor(environment: Environment, store: StateStore, delivery?: Delivery): Target {
  const target = environment.spec.target;
  switch (target.type) {
    case 'local':
      return new LocalTarget(store);
    case 'kubernetes':
      if (!delivery) throw new Error(`the kubernetes target of ${environment.metadata.name} needs its manifests`);
      return new KubernetesTarget(store, delivery.deploy, delivery.source, delivery.onDelivered);
  }
}
