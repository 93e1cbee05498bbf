import { createHash } from 'node:crypto';

/** KServe names the predictor's Service `<isvc>-predictor`, which must itself be a DNS label (≤ 63). */
const ISVC_MAX = 63 - '-predictor'.length;
/** The Job controller appends an 11-character suffix to a CronJob's name (Kubernetes caps it at 52). */
const CRONJOB_MAX = 52;

/**
 * `text` as a DNS-1035 label of at most `max` characters: lowercase, `-` for anything else, starting
 * with a letter; a name too long keeps its start and gets a hash of the whole name, so distinct
 * inputs keep distinct names.
 */
function dnsLabel(text: string, max = 63): string {
  let name = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  // KServe and Knative require DNS-1035 names: a leading digit is not allowed.
  if (!/^[a-z]/.test(name)) name = `x-${name}`.replace(/-$/, '');
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${name.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** The InferenceService of one version of a deployment, e.g. `fraud-detector-v3-2-0`. */
export function inferenceServiceName(deployment: string, version: string): string {
  return dnsLabel(`${deployment}-v${version}`, ISVC_MAX);
}

/** The CronJob of a batch deployment. */
export function cronJobName(deployment: string): string {
  return dnsLabel(deployment, CRONJOB_MAX);
}

/** The in-cluster host of a version's predictor Service (KServe: `<isvc>-predictor`). */
export function predictorHost(isvc: string, namespace: string): string {
  return `${isvc}-predictor.${namespace}.svc.cluster.local`;
}

/** `SLIPWAY_INPUT_<NAME>`: a data source name as an environment variable name. */
export function envVarPart(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
