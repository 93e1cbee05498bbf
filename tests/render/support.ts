import { fsTree } from '../../src/load/fs-tree.js';
import { loadTree } from '../../src/load/load-tree.js';
import type { KubernetesTarget } from '../../src/kinds/index.js';
import { renderEnvironment } from '../../src/render/render.js';
import type { RenderResult } from '../../src/render/types.js';
import { validateTree } from '../../src/validate/index.js';
import { writeRepo, type Files } from '../support/config-repo.js';

/** Validates a repository folder (it must have no errors) and renders one environment of it. */
export async function renderRepo(root: string, environment: string): Promise<RenderResult> {
  const { config, diagnostics } = validateTree(await loadTree(fsTree(root)));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the repository does not validate: ${JSON.stringify(errors, null, 2)}`);
  const env = config.environments.get(environment);
  const target = env?.environment?.resource.spec.target;
  if (!env || target?.type !== 'kubernetes') throw new Error(`${environment} has no kubernetes target`);
  return renderEnvironment({ config, env, target: target as KubernetesTarget });
}

/** Renders one environment of a repository given as files. */
export async function renderFiles(files: Files, environment: string): Promise<RenderResult> {
  return renderRepo(writeRepo(files), environment);
}
