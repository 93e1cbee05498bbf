// The shapes of the Istio and core objects Slipway renders, as the kubernetes-models packages
// type them: scripts/k8s-schemas.mjs turns each into a closed JSON Schema (unknown fields
// rejected). Istio serves networking.istio.io/v1 with the v1beta1 schema unchanged (Istio 1.22
// promoted the API; 1.23 made the versions one message), so v1 reuses the v1beta1 types.
import type { IDestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule';
import type { IVirtualService } from '@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService';
import type { IAuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';

export type VirtualService = Omit<IVirtualService, 'apiVersion'> & { apiVersion: 'networking.istio.io/v1' };
export type DestinationRule = Omit<IDestinationRule, 'apiVersion'> & { apiVersion: 'networking.istio.io/v1' };
export type AuthorizationPolicy = IAuthorizationPolicy;
export type CronJob = ICronJob;
