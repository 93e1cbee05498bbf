import { API_VERSION, isKind, KINDS, type Kind } from '../kinds/index.js';
import type { SourceDocument } from '../load/parse.js';
import type { Finding } from '../model/diagnostic.js';
import { quoted } from '../model/echo.js';
import { didYouMean } from './suggest.js';

export interface Envelope {
  kind: Kind;
  /** `metadata.name` when it is a string. */
  name?: string;
  /** The environment folder for files under `environments/<env>/`. */
  env?: string;
}

/** Where a file sits in the layout (README, "A tour of the kinds"). */
type Place =
  | { area: 'project' }
  | { area: 'model'; folder: string; isModelFile: boolean }
  | { area: 'environment'; folder: string; isEnvironmentFile: boolean }
  | { area: 'misplaced' };

function placeOf(file: string): Place {
  if (file === 'slipway.yaml' || file === 'slipway.yml') return { area: 'project' };
  const parts = file.split('/');
  if (parts[0] === 'models' && parts.length >= 3)
    return { area: 'model', folder: parts[1]!, isModelFile: parts.length === 3 && /^model\.ya?ml$/.test(parts[2]!) };
  if (parts[0] === 'environments' && parts.length >= 3)
    return {
      area: 'environment',
      folder: parts[1]!,
      isEnvironmentFile: parts.length === 3 && /^environment\.ya?ml$/.test(parts[2]!),
    };
  return { area: 'misplaced' };
}

const EXPECTED: Record<Kind, string> = {
  Project: '`slipway.yaml`',
  Model: '`models/<model>/model.yaml`',
  Environment: '`environments/<env>/environment.yaml`',
  Deployment: 'a file under `environments/<env>/`',
  DataSource: 'a file under `environments/<env>/`',
  ErrorPolicy: 'a file under `environments/<env>/`',
  AccessPolicy: 'a file under `environments/<env>/`',
  Consumer: 'a file under `environments/<env>/`',
};

/**
 * Checks what every document must get right before its kind's schema applies: that it is a
 * mapping with a known apiVersion and kind, in the place its kind belongs.
 */
export function checkEnvelope(doc: SourceDocument): { envelope?: Envelope; findings: Finding[] } {
  const { file, index: document, value } = doc;
  const err = (f: Omit<Finding, 'severity' | 'file' | 'document'>): { findings: Finding[] } => ({
    findings: [{ severity: 'error', file, document, ...f }],
  });
  if (value === null || value === undefined) {
    return err({
      code: 'document-not-mapping',
      message: 'document is empty',
      hint: 'remove the stray `---`, or fill in apiVersion, kind, metadata and spec',
      path: [],
    });
  }
  if (Array.isArray(value)) {
    return err({
      code: 'document-not-mapping',
      message: 'document is a list, not a mapping',
      hint: 'write apiVersion, kind, metadata and spec as top-level keys, without a leading `- `',
      path: [],
    });
  }
  if (typeof value !== 'object') {
    const shown = String(value).length > 40 ? `${String(value).slice(0, 40)}…` : String(value);
    return err({
      code: 'document-not-mapping',
      message: `document is a single ${typeof value} (\`${shown}\`), not a mapping`,
      hint: 'a Slipway document is a mapping with the keys apiVersion, kind, metadata and spec',
      path: [],
    });
  }
  const record = value as Record<string, unknown>;
  const findings: Finding[] = [];
  const apiVersion = record.apiVersion;
  if (apiVersion === undefined) {
    findings.push({
      severity: 'error',
      file,
      document,
      code: 'unknown-api-version',
      message: 'missing `apiVersion`',
      hint: `add \`apiVersion: ${API_VERSION}\``,
      path: [],
    });
  } else if (apiVersion !== API_VERSION) {
    findings.push({
      severity: 'error',
      file,
      document,
      code: 'unknown-api-version',
      message: `unknown apiVersion ${quoted(String(apiVersion))}; the known one is \`${API_VERSION}\``,
      hint: `write \`apiVersion: ${API_VERSION}\``,
      path: ['apiVersion'],
    });
  }
  const kind = record.kind;
  if (!isKind(kind)) {
    const suggestion = typeof kind === 'string' ? didYouMean(kind, KINDS) : undefined;
    findings.push({
      severity: 'error',
      file,
      document,
      code: 'unknown-kind',
      message:
        kind === undefined
          ? `missing \`kind\`; known kinds: ${KINDS.join(', ')}`
          : `unknown kind ${quoted(String(kind))}; known kinds: ${KINDS.join(', ')}`,
      hint: suggestion ?? 'set kind to one of the known kinds',
      path: kind === undefined ? [] : ['kind'],
    });
    return { findings };
  }
  const metadata = record.metadata;
  const name =
    metadata && typeof metadata === 'object' && typeof (metadata as Record<string, unknown>).name === 'string'
      ? ((metadata as Record<string, unknown>).name as string)
      : undefined;

  const place = placeOf(file);
  const misplaced = (): void => {
    findings.push({
      severity: 'error',
      file,
      document,
      code: 'kind-location',
      message: `a ${kind} does not belong in \`${file}\`; it goes in ${EXPECTED[kind]}`,
      hint: `move the document to ${EXPECTED[kind]}`,
      path: ['kind'],
    });
  };
  let env: string | undefined;
  switch (kind) {
    case 'Project':
      if (place.area !== 'project') misplaced();
      break;
    case 'Model':
      if (place.area !== 'model' || !place.isModelFile) misplaced();
      else if (name !== undefined && name !== place.folder) {
        findings.push({
          severity: 'error',
          file,
          document,
          code: 'name-folder-mismatch',
          message: `Model \`${name}\` is in folder \`models/${place.folder}/\``,
          hint: `rename the folder to \`models/${name}/\` or set \`metadata.name: ${place.folder}\``,
          path: ['metadata', 'name'],
        });
      }
      break;
    case 'Environment':
      if (place.area !== 'environment' || !place.isEnvironmentFile) misplaced();
      else {
        env = place.folder;
        if (name !== undefined && name !== place.folder) {
          findings.push({
            severity: 'error',
            file,
            document,
            code: 'name-folder-mismatch',
            message: `Environment \`${name}\` is in folder \`environments/${place.folder}/\``,
            hint: `rename the folder to \`environments/${name}/\` or set \`metadata.name: ${place.folder}\``,
            path: ['metadata', 'name'],
          });
        }
      }
      break;
    default:
      if (place.area !== 'environment') misplaced();
      else env = place.folder;
  }
  const envelope: Envelope = { kind };
  if (name !== undefined) envelope.name = name;
  if (env !== undefined) envelope.env = env;
  return { envelope, findings };
}
