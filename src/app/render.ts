import { UserError } from '../model/errors.js';
import type { K8sObject, NotEnforced } from '../render/types.js';
import type { ValidateReport } from '../validate/report.js';
import { EnvironmentDelivery, kubernetesSpec } from './delivery.js';
import { loadDesired } from './desired.js';

export interface RenderOptions {
  /** The repository root, resolved. */
  root: string;
  cwd: string;
  /** One or more environments, in the order given; each must have a kubernetes target. */
  env: readonly string[];
  rev?: string | undefined;
  /** `--out`: the files of the deploy folder are wanted (one environment). */
  folder?: boolean | undefined;
}

/** One environment's manifests, every object validated. */
export interface RenderedEnvironment {
  env: string;
  /** The source commit (full SHA), or `working-tree`. */
  revision: string;
  /** Whether the working tree had uncommitted changes in what was read. */
  dirty: boolean;
  namespace: string;
  /** The deploy branch and folder apply commits to. */
  branch: string;
  path: string;
  /** Sorted by kind, then name. */
  objects: K8sObject[];
  notEnforced: NotEnforced[];
  /** `manifest.yaml`: every object, multi-document YAML. */
  yaml: string;
  /** With `folder`: the deploy folder's files by name, as apply commits them. */
  files?: Record<string, string>;
}

export type RenderResult =
  | { kind: 'rendered'; environments: RenderedEnvironment[] }
  | { kind: 'invalid'; report: ValidateReport; source: string };

/**
 * Refuses options that do not go together; `renderEnvironments` checks them too, a command may
 * call this first.
 */
export function checkRenderOptions(options: {
  env: readonly string[];
  out?: string | undefined;
  format: string;
}): void {
  if (options.out === undefined) return;
  if (options.env.length > 1)
    throw new UserError(
      `--out writes the deploy folder of one environment; --env names ${options.env.length} (${options.env.join(', ')})`,
      { hint: 'run `slipway render --env E --out DIR` once per environment' },
    );
  if (options.format !== 'yaml')
    throw new UserError('--out writes the deploy folder as on the deploy branch (YAML); --format applies to stdout', {
      hint: 'drop --format, or drop --out to print JSON',
    });
}

/**
 * `slipway render`: each environment's Kubernetes manifests at a revision, exactly as apply
 * commits them, every object validated against its schema. An environment whose target is not
 * kubernetes is a usage error; an object that fails its schema is a refusal (a Slipway bug).
 */
export async function renderEnvironments(options: RenderOptions): Promise<RenderResult> {
  const loaded = await loadDesired({ root: options.root, cwd: options.cwd, env: options.env, rev: options.rev });
  if (loaded.kind === 'invalid') return loaded;
  const targets = loaded.desired.map((d) => {
    const spec = kubernetesSpec(d);
    if (spec) return { d, spec };
    throw new UserError(
      `environment ${d.env} has a ${d.environment.resource.spec.target.type} target: only a kubernetes target renders manifests`,
      {
        hint: `set spec.target.type: kubernetes in ${d.environment.file} (docs/kubernetes.md), or render another environment`,
      },
    );
  });
  const environments: RenderedEnvironment[] = [];
  for (const { d, spec } of targets) {
    const delivery = new EnvironmentDelivery(d, spec);
    const { objects, notEnforced, yaml } = await delivery.validated();
    const rendered: RenderedEnvironment = {
      env: d.env,
      revision: d.revision.revision,
      dirty: d.revision.dirty,
      namespace: spec.namespace,
      branch: delivery.deploy.branch,
      path: delivery.deploy.path,
      objects,
      notEnforced,
      yaml,
    };
    if (options.folder) rendered.files = await delivery.files();
    environments.push(rendered);
  }
  return { kind: 'rendered', environments };
}
