import type { Deployed } from '../git/deploy-branch.js';
import { WORKING_TREE } from '../git/revision.js';
import type { KubernetesTarget as KubernetesSpec } from '../kinds/index.js';
import { UserError } from '../model/errors.js';
import type { DeliveryPlan, K8sObject, NotEnforced } from '../render/types.js';
import type { StateStore } from '../state/store.js';
import { targetFor } from '../targets/for-environment.js';
import { deployBranchOf, type Delivered, type DeployBranch, type DeploySource } from '../targets/kubernetes.js';
import type { ObservedResource, Target } from '../targets/target.js';
import type { Desired } from './desired.js';

/** One environment rendered: its objects (validated or not, see `EnvironmentDelivery`). */
interface Rendered {
  objects: K8sObject[];
  notEnforced: NotEnforced[];
}

/** A rendered environment once validated, with `manifest.yaml`: every object, multi-document YAML. */
export interface Validated extends Rendered {
  yaml: string;
}

/** The kubernetes target of a desired environment, or undefined when it has another target. */
export function kubernetesSpec(d: Desired): KubernetesSpec | undefined {
  const target = d.environment.resource.spec.target;
  return target.type === 'kubernetes' ? target : undefined;
}

/** A URL as it may be written into a commit: without a user or password. */
function publicUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    // `git@host:owner/repo.git` and plain paths are not URLs, and hold no password.
    return url;
  }
}

/**
 * Renders by desired environment: pure, so shared by every look at it (apply looks twice, once
 * under the lock). Validating and serializing cost more than rendering, and plan needs neither.
 */
const renders = new WeakMap<Desired, Promise<Rendered>>();
const validations = new WeakMap<Desired, Promise<Validated>>();

/**
 * Everything about one environment's deploy branch that needs the configuration: the rendered
 * objects, what the branch holds now and how they differ, and the deploy commit's content. The
 * branch is read once per instance: one per look (apply makes a new one under the lock). Render
 * modules are loaded on first use.
 */
export class EnvironmentDelivery implements DeploySource {
  readonly deploy: DeployBranch;
  private reading?: Promise<Deployed>;
  private planning?: Promise<DeliveryPlan>;

  constructor(
    private readonly desired: Desired,
    private readonly spec: KubernetesSpec,
  ) {
    this.deploy = deployBranchOf(desired.root, desired.env, spec);
  }

  /** The environment's objects at the desired revision (not validated: see `validated`). */
  rendered(): Promise<Rendered> {
    let rendering = renders.get(this.desired);
    if (rendering) return rendering;
    rendering = (async () => {
      const { renderEnvironment } = await import('../render/render.js');
      const { config, env } = this.desired;
      const envConfig = config.environments.get(env)!;
      const { objects, notEnforced } = renderEnvironment({
        config,
        env: envConfig,
        target: this.spec,
      });
      return { objects, notEnforced };
    })();
    renders.set(this.desired, rendering);
    return rendering;
  }

  /**
   * The rendered objects once every one passed its schema. A failure is Slipway's bug, not the
   * user's: refused, naming the object and the field, and nothing is written.
   */
  validated(): Promise<Validated> {
    let validating = validations.get(this.desired);
    if (validating) return validating;
    validating = (async () => {
      const [rendered, { validateObjects }, { toYaml }] = await Promise.all([
        this.rendered(),
        import('../render/validate-objects.js'),
        import('../render/serialize.js'),
      ]);
      const findings = validateObjects(rendered.objects);
      if (findings.length > 0) {
        const shown = findings.slice(0, 5).map((f) => `${f.object} at ${f.path || '/'}: ${f.message}`);
        throw new UserError(
          `rendered manifests of ${this.desired.env} fail their schemas, so nothing was written: ${shown.join('; ')}${findings.length > 5 ? `; and ${findings.length - 5} more` : ''}`,
          {
            hint: 'this is a Slipway bug, not a configuration error: please report it with the output of `slipway render`',
            kind: 'refused',
          },
        );
      }
      return { ...rendered, yaml: toYaml(rendered.objects) };
    })();
    validations.set(this.desired, validating);
    return validating;
  }

  private deployed(): Promise<Deployed> {
    return (this.reading ??= import('../git/deploy-branch.js').then(({ readDeployed }) =>
      readDeployed(this.deploy.root, this.deploy.branch, this.deploy.path),
    ));
  }

  /** What applying would change on the deploy branch, object by object. */
  plan(): Promise<DeliveryPlan> {
    return (this.planning ??= (async () => {
      const [rendered, deployed, { diffManifest, drySha }] = await Promise.all([
        this.rendered(),
        this.deployed(),
        import('../render/compare.js'),
      ]);
      const deployedRevision = drySha(deployed.metadata);
      const diff = diffManifest(deployed.manifest, rendered.objects);
      const summary = { add: 0, change: 0, remove: 0, unchanged: diff.unchanged };
      for (const o of diff.objects) summary[o.action]++;
      return {
        branch: this.deploy.branch,
        path: this.deploy.path,
        commit: deployed.commit,
        deployedRevision,
        summary,
        objects: diff.objects,
        notEnforced: rendered.notEnforced,
      };
    })());
  }

  /** The desired resources are all recorded as they are: nothing in the store would change. */
  private recordMatches(observed: readonly ObservedResource[]): boolean {
    const { resources } = this.desired;
    if (observed.length !== resources.length) return false;
    const hashes = new Map(observed.map((o) => [`${o.kind}/${o.name}`, o.hash]));
    return resources.every((r) => hashes.get(`${r.kind}/${r.name}`) === r.hash);
  }

  async branchDrift(observed: readonly ObservedResource[]): Promise<string | undefined> {
    // With changes to record, apply commits anyway: the branch is expected to differ.
    if (!this.recordMatches(observed)) return undefined;
    const plan = await this.plan();
    if (plan.commit === null) return 'missing';
    const { add, change, remove } = plan.summary;
    return add + change + remove > 0 || (await this.deployed()).manifest === null ? plan.commit : undefined;
  }

  /** The deploy folder's files by name, as apply commits them: `manifest.yaml`, `hydrator.metadata`, `README.md`. */
  async files(): Promise<Record<string, string>> {
    const [rendered, { deployFiles }, { originUrl }] = await Promise.all([
      this.validated(),
      import('../render/deploy-files.js'),
      import('../git/deploy-branch.js'),
    ]);
    const origin = await originUrl(this.deploy.root).catch(() => undefined);
    return deployFiles({
      environment: this.desired.env,
      objects: rendered.objects,
      drySha: this.desired.revision.revision,
      repoURL: origin === undefined ? undefined : publicUrl(origin),
      manifest: rendered.yaml,
    });
  }

  async content(): Promise<{ files: Record<string, string>; message: string; objects: number }> {
    const { revision } = this.desired;
    if (revision.revision === WORKING_TREE || revision.dirty) throw uncommitted(this.desired.env);
    const [files, rendered, { deployMessage }, { commitSubject }] = await Promise.all([
      this.files(),
      this.validated(),
      import('../render/deploy-files.js'),
      import('../git/deploy-branch.js'),
    ]);
    const subject = await commitSubject(this.deploy.root, revision.revision);
    return { files, message: deployMessage(revision.revision, subject), objects: rendered.objects.length };
  }
}

function uncommitted(env: string): UserError {
  return new UserError(
    `environment ${env} is delivered to a deploy branch: apply a commit, not a working tree with uncommitted changes`,
    {
      hint: 'commit the changes, or pass --rev with a commit: the deploy commit names the commit it was rendered from',
      kind: 'refused',
    },
  );
}

/**
 * Refuses, before anything is touched, an apply whose deploy commit could not name its source:
 * a kubernetes environment read from a working tree with uncommitted changes (or no commit), or a
 * saved plan of another revision than the one read.
 */
export function checkDeliverable(d: Desired, applied: { revision: string; dirty: boolean }): void {
  if (!kubernetesSpec(d)) return;
  if (applied.dirty || d.revision.dirty || d.revision.revision === WORKING_TREE) throw uncommitted(d.env);
  if (applied.revision !== d.revision.revision)
    throw new UserError(
      `environment ${d.env} is delivered to a deploy branch, which is rendered from the commit read (${d.revision.revision.slice(0, 7)}), not the plan's (${applied.revision.slice(0, 7)}); nothing was applied`,
      {
        hint: `check out ${applied.revision.slice(0, 7)} and apply the plan again, or make a new plan`,
        kind: 'refused',
      },
    );
}

/** The target of a desired environment; a kubernetes one comes with its delivery. */
export function targetOf(
  d: Desired,
  store: StateStore,
  onDelivered?: (delivered: Delivered) => void,
): { target: Target; delivery?: EnvironmentDelivery } {
  const spec = kubernetesSpec(d);
  if (!spec) return { target: targetFor(d.environment.resource, store) };
  const delivery = new EnvironmentDelivery(d, spec);
  const target = targetFor(d.environment.resource, store, {
    deploy: delivery.deploy,
    source: delivery,
    ...(onDelivered ? { onDelivered } : {}),
  });
  return { target, delivery };
}
