import type { RenderedEnvironment } from '../app/render.js';
import { toJsonList } from '../render/serialize.js';

/** `render --format yaml`: every environment's manifest, one multi-document YAML stream. */
export function formatRenderYaml(environments: readonly RenderedEnvironment[]): string {
  return environments.map((e) => e.yaml).join('');
}

/**
 * `render --format json`: a Kubernetes `List` per environment with its `notEnforced` entries
 * (docs/output.md); several environments, an array of them.
 */
export function formatRenderJson(environments: readonly RenderedEnvironment[]): string {
  const lists = environments.map((e) => toJsonList(e.objects, e.notEnforced));
  return `${JSON.stringify(lists.length === 1 ? lists[0] : lists, null, 2)}\n`;
}
