import type { AnyDoc } from '../load/document.js';
import type { LoadedTree } from '../load/load-tree.js';
import { locateFindings } from '../load/locate.js';
import { buildConfig, declaredKey, unparsedKey, type Config } from '../world/config.js';
import { countSeverities, type Diagnostic, type Finding } from '../model/diagnostic.js';
import { checkEnvelope } from './envelope.js';
import { sanitizeDiagnostics } from './mask.js';
import { createContext } from './rules/context.js';
import { RULE_MODULES } from './rules/index.js';
import { SchemaValidator } from './schema.js';

export interface ValidationResult {
  /** Where the tree came from. */
  source: string;
  fileCount: number;
  documentCount: number;
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  /** Every valid document, resolved; rules and later stages read this. */
  config: Config;
}

let sharedValidator: SchemaValidator | undefined;

/**
 * Validates a loaded tree: envelope and schema of every document, then every semantic rule
 * over the documents that passed. Pure over its input; never throws on bad configuration.
 */
export interface ValidateOptions {
  /**
   * Run the semantic rules (default true). The gate reads the base revision only for its
   * policies and history, and reports nothing about it: envelope and schema checks are enough
   * to know which documents to trust.
   */
  rules?: boolean;
  /**
   * Remember which document objects passed their schema, so that a later call given the same
   * objects (the gate's base and head share unchanged documents) does not check them again.
   */
  rememberPasses?: boolean;
}

export function validateTree(loaded: LoadedTree, options: ValidateOptions = {}): ValidationResult {
  const schema = (sharedValidator ??= new SchemaValidator());
  const findings: Finding[] = [...loaded.findings];
  const valid: AnyDoc[] = [];
  const declared = new Set<string>();
  // Load findings are files (or documents) that never became documents: whatever they declared is
  // unknown. An empty file declared nothing, so references into its scope are still checked.
  for (const f of loaded.findings) if (f.code !== 'empty-file') declared.add(unparsedKey(f.file));

  for (const doc of loaded.documents) {
    const { envelope, findings: envFindings } = checkEnvelope(doc);
    for (const f of envFindings) findings.push(f);
    if (!envelope) continue;
    if (envelope.kind === 'Project') declared.add(declaredKey(undefined, 'Project', '*'));
    if (envelope.name !== undefined)
      declared.add(declaredKey(envelope.kind === 'Model' ? undefined : envelope.env, envelope.kind, envelope.name));
    const schemaFindings = schema.check(envelope.kind, doc.value, doc.file, doc.index, options.rememberPasses);
    for (const f of schemaFindings) findings.push(f);
    if (schemaFindings.length > 0 || envFindings.some((f) => f.code === 'kind-location') || envelope.name === undefined)
      continue;
    valid.push({
      kind: envelope.kind,
      name: envelope.name,
      file: doc.file,
      index: doc.index,
      env: envelope.env,
      resource: doc.value,
    } as AnyDoc);
  }

  const config = buildConfig(valid, declared);
  if (options.rules !== false) {
    const ctx = createContext(config, findings, loaded.documents, loaded.scope);
    for (const rule of RULE_MODULES) rule(ctx);
  }

  const diagnostics = locateFindings(findings, loaded.texts);
  // Nothing validation prints may show a credential or grow with the input (docs/security.md).
  if (diagnostics.length > 0) sanitizeDiagnostics(diagnostics, loaded);
  const { errors, warnings } = countSeverities(diagnostics);
  return {
    source: loaded.source,
    fileCount: loaded.fileCount,
    documentCount: loaded.documents.length,
    diagnostics,
    errors,
    warnings,
    config,
  };
}
