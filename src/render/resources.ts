import type { Resources } from '../kinds/index.js';
import type { JsonObject } from './types.js';

/**
 * Requests equal to limits: the pod gets exactly what the deployment declares (Guaranteed QoS),
 * and a GPU, which Kubernetes only grants through limits, is requested the same way.
 */
export function resourceRequirements(resources: Resources | undefined): JsonObject | undefined {
  const quantities: Record<string, string> = {};
  if (resources?.cpu !== undefined) quantities.cpu = resources.cpu;
  if (resources?.memory !== undefined) quantities.memory = resources.memory;
  if (resources?.gpu !== undefined && resources.gpu > 0) quantities['nvidia.com/gpu'] = String(resources.gpu);
  if (Object.keys(quantities).length === 0) return undefined;
  return { requests: { ...quantities }, limits: { ...quantities } };
}
