import { createRequire } from 'node:module';
import type { K8sKind, K8sObject } from './types.js';

/** A rendered object that fails its schema: a Slipway bug, never the user's. */
export interface ObjectFinding {
  /** `<Kind>/<name>`, e.g. `InferenceService/fraud-detector-v3-2-0`. */
  object: string;
  /** JSON pointer of the offending field (for an unknown field, the field itself). */
  path: string;
  /** ajv's message, e.g. `must be integer` or `must NOT have additional properties`. */
  message: string;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface ModelClass {
  new (data: object): { validate(): void };
}

const require = createRequire(import.meta.url);
const VENDOR = new URL('../../vendor/', import.meta.url);

/** The published schema a kind's content is checked against (kubernetes-models), and the apiVersion it knows it by. */
const PACKAGE_MODELS: Record<Exclude<K8sKind, 'InferenceService'>, { module: string; apiVersion: string }> = {
  VirtualService: {
    module: '@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService',
    apiVersion: 'networking.istio.io/v1beta1',
  },
  DestinationRule: {
    module: '@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule',
    apiVersion: 'networking.istio.io/v1beta1',
  },
  AuthorizationPolicy: {
    module: '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy',
    apiVersion: 'security.istio.io/v1',
  },
  CronJob: { module: 'kubernetes-models/batch/v1/CronJob', apiVersion: 'batch/v1' },
};

let kserve: Record<'InferenceService', ValidateFn> | undefined;
let shapes: Record<Exclude<K8sKind, 'InferenceService'>, ValidateFn> | undefined;
const models = new Map<K8sKind, ModelClass>();

/** Loaded on first use only: the validators weigh several hundred kilobytes and are only needed to render. */
function precompiled(file: string): unknown {
  return require(new URL(file, VENDOR).pathname);
}

function pointer(error: AjvError): string {
  const extra = error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined;
  return typeof extra === 'string'
    ? `${error.instancePath}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`
    : error.instancePath;
}

function findings(object: K8sObject, errors: readonly AjvError[]): ObjectFinding[] {
  const name = `${object.kind}/${object.metadata.name}`;
  return errors.map((e) => ({ object: name, path: pointer(e), message: e.message ?? e.keyword }));
}

/** The kubernetes-models class of a kind: its validator is the published schema's. */
function modelOf(kind: Exclude<K8sKind, 'InferenceService'>): ModelClass {
  let model = models.get(kind);
  if (!model) {
    model = (require(PACKAGE_MODELS[kind].module) as Record<string, ModelClass>)[kind]!;
    models.set(kind, model);
  }
  return model;
}

/** Errors of one Istio or core object: the package's validator for content, the shape validator for unknown fields. */
function packageErrors(object: K8sObject, kind: Exclude<K8sKind, 'InferenceService'>): AjvError[] {
  const out: AjvError[] = [];
  const Model = modelOf(kind);
  try {
    // Istio serves v1 with the v1beta1 schema unchanged; the package knows it as v1beta1.
    new Model({ ...object, apiVersion: PACKAGE_MODELS[kind].apiVersion }).validate();
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    out.push(...errors);
  }
  shapes ??= precompiled('kubernetes-models/shapes.validator.cjs') as typeof shapes;
  const shape = shapes![kind];
  if (!shape(object)) out.push(...(shape.errors ?? []).filter((e) => e.keyword === 'additionalProperties'));
  return out;
}

/**
 * Checks every rendered object offline and strictly: an InferenceService against KServe's
 * schema (v0.20, pruned to what Slipway renders), the Istio kinds and the CronJob against the
 * kubernetes-models packages' published schemas plus an unknown-field check. No finding means
 * every object may be written.
 */
export function validateObjects(objects: readonly K8sObject[]): ObjectFinding[] {
  const out: ObjectFinding[] = [];
  for (const object of objects) {
    if (object.kind === 'InferenceService') {
      kserve ??= precompiled('kserve/inferenceservice.validator.cjs') as typeof kserve;
      const validate = kserve!.InferenceService;
      if (!validate(object)) out.push(...findings(object, validate.errors ?? []));
    } else out.push(...findings(object, packageErrors(object, object.kind)));
  }
  return out;
}
