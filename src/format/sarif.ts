import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result, Region } from 'sarif';
import { HOMEPAGE, ruleDocsUrl, VERSION } from '../model/project-info.js';
import { RULES, type RuleInfo } from '../model/rule-codes.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { FormatOptions, ValidateReport } from './report.js';
import { withPrefix } from './summary.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The fingerprint key: versioned, so a change of recipe is not mistaken for new findings. */
export const FINGERPRINT_KEY = 'slipwayFinding/v1';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per code in RULES (so
 * every alert links to its explanation), one result per diagnostic.
 */
export function formatSarif(report: ValidateReport, options: Pick<FormatOptions, 'pathPrefix'> = {}): string {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (code: string, info: RuleInfo | undefined): number => {
    let index = ruleIndex.get(code);
    if (index === undefined) {
      index = rules.push(descriptor(code, info)) - 1;
      ruleIndex.set(code, index);
    }
    return index;
  };
  for (const [code, info] of Object.entries(RULES) as Array<[string, RuleInfo]>) addRule(code, info);

  const results = report.diagnostics.map((d): Result => {
    const index = addRule(d.code, undefined);
    const result: Result = {
      ruleId: d.code,
      ruleIndex: index,
      level: d.severity,
      message: { text: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: fileUri(withPrefix(d.file, options.pathPrefix)), uriBaseId: '%SRCROOT%' },
            region: region(d),
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(d) },
    };
    const properties: Record<string, unknown> = { path: d.path };
    if (d.document !== undefined) properties.document = d.document;
    if (d.hint !== undefined) properties.hint = d.hint;
    result.properties = properties;
    return result;
  });

  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'slipway', version: VERSION, semanticVersion: VERSION, informationUri: HOMEPAGE, rules },
        },
        // The yaml parser counts columns in UTF-16 code units, as JavaScript strings do.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function descriptor(code: string, info: RuleInfo | undefined): ReportingDescriptor {
  const url = ruleDocsUrl(code);
  // A code missing from RULES is a bug elsewhere; the report must still be valid SARIF.
  const summary = info?.summary ?? `Slipway rule ${code}.`;
  const text = `${summary}\n\nSee ${url} for a failing and a passing example.`;
  const tags = ['slipway', info?.area ?? 'unknown'];
  if (info?.area === 'security' && !tags.includes('security')) tags.push('security');
  return {
    id: code,
    name: ruleName(code),
    shortDescription: { text: summary },
    fullDescription: { text: summary },
    helpUri: url,
    help: { text, markdown: `${summary}\n\nSee [docs/rules.md#${code}](${url}) for a failing and a passing example.` },
    defaultConfiguration: { level: info?.severity ?? 'error' },
    properties: { tags },
  };
}

/** `schema-unknown-field` → `SchemaUnknownField`: SARIF's suggested PascalCase rule name. */
function ruleName(code: string): string {
  return code
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function region(d: Diagnostic): Region {
  const r: Region = { startLine: d.line, startColumn: d.column };
  if (
    d.endLine !== undefined &&
    d.endColumn !== undefined &&
    (d.endLine > d.line || (d.endLine === d.line && d.endColumn > d.column))
  ) {
    r.endLine = d.endLine;
    r.endColumn = d.endColumn;
  }
  return r;
}

/** A relative URI reference: each path segment percent-encoded. */
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * Identifies a finding across commits without its line number (which moves when lines are
 * added above it), so code scanning keeps one alert open instead of closing and reopening.
 */
function fingerprint(d: Diagnostic): string {
  return createHash('sha256')
    .update([d.code, d.file, String(d.document ?? 0), d.path, d.message].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
