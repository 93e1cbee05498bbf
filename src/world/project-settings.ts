import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFile } from '../load/parse.js';

/** What status, history and unlock need from slipway.yaml, without loading the whole tree. */
export interface ProjectSettings {
  stateUrl?: string;
  environments: string[];
  /** `spec.defaultBranch`, when set (status and report then compare with it rather than `main`). */
  defaultBranch?: string;
}

/** Reads `spec.state.url`, `spec.environments` and `spec.defaultBranch` of slipway.yaml; tolerant (validate reports problems). */
export function readProjectSettings(root: string): ProjectSettings {
  for (const name of ['slipway.yaml', 'slipway.yml']) {
    let content: Buffer;
    try {
      content = readFileSync(path.join(root, name));
    } catch {
      continue;
    }
    const parsed = parseFile({ path: name, status: 'ok', content });
    const doc = parsed.documents.map((d) => d.value).find((v) => isRecord(v) && v.kind === 'Project');
    const spec = isRecord(doc) && isRecord(doc.spec) ? doc.spec : {};
    const state = isRecord(spec.state) ? spec.state : {};
    const settings: ProjectSettings = {
      environments: Array.isArray(spec.environments)
        ? spec.environments.filter((e): e is string => typeof e === 'string')
        : [],
    };
    if (typeof state.url === 'string') settings.stateUrl = state.url;
    if (typeof spec.defaultBranch === 'string') settings.defaultBranch = spec.defaultBranch;
    return settings;
  }
  return { environments: [] };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
