import type { Severity } from './diagnostic.js';

export interface RuleInfo {
  severity: Severity;
  /** Area of the design the rule protects. */
  area:
    | 'file'
    | 'schema'
    | 'layout'
    | 'model-management'
    | 'data-collection'
    | 'error-management'
    | 'consumption'
    | 'security'
    | 'promotion'
    | 'delivery';
  /** One-line summary, used as the SARIF rule's short description. */
  summary: string;
}

/**
 * Every rule code `validate` can report. Codes are stable: tools and people match on them.
 * docs/rules.md shows a failing and a passing example of each; a test keeps the two in step.
 */
export const RULES = {
  // Reading files
  'file-too-large': { severity: 'error', area: 'file', summary: 'A configuration file is larger than 1 MiB.' },
  'file-encoding': { severity: 'error', area: 'file', summary: 'A configuration file is binary or not UTF-8.' },
  'file-unreadable': { severity: 'error', area: 'file', summary: 'A configuration file cannot be read.' },
  'symlink-escape': { severity: 'error', area: 'file', summary: 'A symbolic link points outside the repository.' },
  'empty-file': { severity: 'error', area: 'file', summary: 'A configuration file holds no YAML document.' },
  'yaml-syntax': { severity: 'error', area: 'file', summary: 'The file is not valid YAML.' },
  'yaml-duplicate-key': { severity: 'error', area: 'file', summary: 'A mapping has the same key twice.' },
  'yaml-unknown-tag': { severity: 'error', area: 'file', summary: 'A YAML tag such as !!python/object is used.' },
  'yaml-alias-limit': {
    severity: 'error',
    area: 'file',
    summary: 'Aliases expand to far more data than the file holds.',
  },
  'yaml-too-deep': { severity: 'error', area: 'file', summary: 'A document is nested too deeply.' },
  'too-many-documents': {
    severity: 'error',
    area: 'file',
    summary: 'A file holds more than 10,000 YAML documents.',
  },
  'forbidden-key': { severity: 'error', area: 'file', summary: 'A key such as __proto__ or constructor is used.' },
  'document-not-mapping': {
    severity: 'error',
    area: 'file',
    summary: 'A YAML document is empty, a list or a scalar instead of a mapping.',
  },
  // The envelope and the layout
  'unknown-api-version': { severity: 'error', area: 'layout', summary: 'apiVersion is missing or not slipway.dev/v1.' },
  'unknown-kind': { severity: 'error', area: 'layout', summary: 'kind is missing or not a Slipway kind.' },
  'kind-location': {
    severity: 'error',
    area: 'layout',
    summary: 'A document is in a file where its kind does not belong.',
  },
  'name-folder-mismatch': {
    severity: 'error',
    area: 'layout',
    summary: 'A Model or Environment name differs from its folder.',
  },
  'missing-project': { severity: 'error', area: 'layout', summary: 'The repository has no slipway.yaml Project.' },
  'duplicate-name': {
    severity: 'error',
    area: 'layout',
    summary: 'Two documents of one kind share a name in one environment.',
  },
  'environment-not-in-project': {
    severity: 'error',
    area: 'layout',
    summary: 'An environment folder is not listed in the Project.',
  },
  'missing-environment': {
    severity: 'error',
    area: 'layout',
    summary: 'An environment listed in the Project has no environment.yaml.',
  },
  // Schema
  'schema-required': { severity: 'error', area: 'schema', summary: 'A required field is missing.' },
  'schema-unknown-field': { severity: 'error', area: 'schema', summary: 'A field is not part of the kind.' },
  'schema-type': { severity: 'error', area: 'schema', summary: 'A value has the wrong type.' },
  'schema-enum': { severity: 'error', area: 'schema', summary: 'A value is not one of the allowed values.' },
  'schema-range': { severity: 'error', area: 'schema', summary: 'A number or list is outside its allowed range.' },
  'schema-pattern': { severity: 'error', area: 'schema', summary: 'A string does not have the required form.' },
  'schema-invalid': { severity: 'error', area: 'schema', summary: "A value does not satisfy the kind's schema." },
  'invalid-name': { severity: 'error', area: 'schema', summary: 'A name is not a lowercase DNS label.' },
  'invalid-subject': {
    severity: 'error',
    area: 'schema',
    summary: 'A subject is not user:, team: or service: followed by a name.',
  },
  'invalid-resource-pattern': {
    severity: 'error',
    area: 'schema',
    summary: 'An access rule resource is not deployment:, datasource: or model: followed by a name.',
  },
  // Formats
  'invalid-duration': {
    severity: 'error',
    area: 'schema',
    summary: 'A duration is not a number followed by ms, s, m, h or d.',
  },
  'invalid-semver': { severity: 'error', area: 'schema', summary: 'A version is not a semantic version.' },
  'invalid-semver-range': {
    severity: 'error',
    area: 'consumption',
    summary: 'A consumer contract is not a semver range.',
  },
  'invalid-digest': {
    severity: 'error',
    area: 'model-management',
    summary: 'An artifact digest is not sha256: and 64 hex characters.',
  },
  'invalid-timestamp': { severity: 'error', area: 'schema', summary: 'A timestamp is not RFC 3339.' },
  'invalid-cron': {
    severity: 'error',
    area: 'schema',
    summary: 'A schedule is not a valid five-field cron expression.',
  },
  // References (rules/references.ts)
  'unknown-model': {
    severity: 'error',
    area: 'model-management',
    summary: 'A deployment or metric gate names a model that does not exist.',
  },
  'unknown-version': {
    severity: 'error',
    area: 'model-management',
    summary: 'Traffic goes to a version the model does not have.',
  },
  'unknown-data-source': {
    severity: 'error',
    area: 'data-collection',
    summary: 'An input, output, dead letter or derivedFrom source names a DataSource missing from the environment.',
  },
  'unknown-error-policy': {
    severity: 'error',
    area: 'error-management',
    summary: 'A deployment names an ErrorPolicy missing from the environment.',
  },
  'unknown-team': {
    severity: 'error',
    area: 'security',
    summary:
      'A team: subject that authorizes (approvers, access rule subjects, a Consumer subject) names a team the Project does not declare.',
  },
  'unknown-owner-team': {
    severity: 'warning',
    area: 'security',
    summary: 'An owner (Model owners, DataSource or Consumer owner) names a team the Project does not declare.',
  },
  'unknown-deployment': {
    severity: 'error',
    area: 'consumption',
    summary: 'A consumer uses a Deployment missing from the environment.',
  },
  'unknown-subject': {
    severity: 'warning',
    area: 'security',
    summary: 'An access rule names a service: subject that no Consumer in the environment has.',
  },
  'unknown-resource': {
    severity: 'warning',
    area: 'security',
    summary: 'An access rule names a deployment, data source or model that does not exist.',
  },
  'unknown-environment': {
    severity: 'error',
    area: 'promotion',
    summary: 'promotion.from names an environment the Project does not list.',
  },
  'unknown-lineage-data-source': {
    severity: 'warning',
    area: 'data-collection',
    summary: 'A model version was trained on a DataSource no environment declares.',
  },
  // Traffic and serving modes (rules/traffic.ts)
  'traffic-sum': { severity: 'error', area: 'model-management', summary: 'Traffic percents do not sum to 100.' },
  'traffic-duplicate-version': {
    severity: 'error',
    area: 'model-management',
    summary: 'A version appears twice in one traffic split.',
  },
  'revoked-version-live': {
    severity: 'error',
    area: 'model-management',
    summary: 'A revoked version receives traffic.',
  },
  'deprecated-version-live': {
    severity: 'warning',
    area: 'model-management',
    summary: 'A deprecated version receives traffic.',
  },
  'candidate-beyond-first-env': {
    severity: 'error',
    area: 'model-management',
    summary: 'A candidate version is deployed beyond the first environment.',
  },
  'realtime-needs-endpoint': {
    severity: 'error',
    area: 'consumption',
    summary: 'A realtime deployment has no endpoint.',
  },
  'batch-needs-schedule': { severity: 'error', area: 'consumption', summary: 'A batch deployment has no schedule.' },
  'batch-needs-output': {
    severity: 'error',
    area: 'consumption',
    summary: 'A batch deployment has no output data source.',
  },
  'mode-field-mismatch': {
    severity: 'warning',
    area: 'consumption',
    summary: 'A deployment sets a field of the other mode, which is ignored.',
  },
  'duplicate-endpoint-path': {
    severity: 'error',
    area: 'consumption',
    summary: 'Two deployments of one environment share an endpoint path.',
  },
  'invalid-replicas': {
    severity: 'error',
    area: 'model-management',
    summary: 'replicas.min is greater than replicas.max.',
  },
  // Consumption (rules/consumption.ts)
  'consumer-range-unsatisfied': {
    severity: 'error',
    area: 'consumption',
    summary: 'A live version is outside the semver range of a consumer of its deployment.',
  },
  'missing-contract': {
    severity: 'warning',
    area: 'consumption',
    summary: 'A live version used by consumers has no contract.',
  },
  'contract-breaking-change': {
    severity: 'error',
    area: 'consumption',
    summary: 'A contract breaks the previous version of the same major version.',
  },
  'invalid-contract-schema': {
    severity: 'error',
    area: 'consumption',
    summary: "A version's contract input or output is not a valid JSON Schema.",
  },
  // Security (rules/access.ts, rules/secrets.ts)
  'consumer-not-allowed': {
    severity: 'error',
    area: 'security',
    summary: "A consumer's subject may not invoke (or read the output of) a deployment it uses.",
  },
  'pii-wildcard-access': {
    severity: 'error',
    area: 'security',
    summary: 'A wildcard access rule exposes a deployment that reads PII.',
  },
  'pii-wildcard-read-data': {
    severity: 'error',
    area: 'security',
    summary: 'A wildcard access rule grants read-data on a PII DataSource.',
  },
  'input-denied-to-owner': {
    severity: 'error',
    area: 'security',
    summary: "A deployment reads a DataSource that an access rule explicitly denies to its model's owners.",
  },
  'pii-to-less-protected-sink': {
    severity: 'error',
    area: 'security',
    summary:
      'A deployment reading PII writes (batch output, dead letter) to a public or internal DataSource not declared anonymised.',
  },
  'inline-credential': {
    severity: 'error',
    area: 'security',
    summary: 'A value looks like a credential; secrets must be secretRefs.',
  },
  // Error management (rules/errors.ts)
  'missing-error-policy': {
    severity: 'error',
    area: 'error-management',
    summary: 'A deployment has no error policy where the environment requires one.',
  },
  'missing-fallback': {
    severity: 'error',
    area: 'error-management',
    summary: 'An error policy has no fallback where the environment requires one.',
  },
  'static-fallback-needs-value': {
    severity: 'error',
    area: 'error-management',
    summary: 'A static fallback has no value.',
  },
  'invalid-backoff': {
    severity: 'error',
    area: 'error-management',
    summary: 'A retry backoff starts above its maximum.',
  },
  'invalid-circuit-breaker': {
    severity: 'error',
    area: 'error-management',
    summary: 'A circuit breaker can never work as meant.',
  },
  'fallback-without-previous-version': {
    severity: 'error',
    area: 'error-management',
    summary: 'A previousVersion fallback has no earlier, non-revoked version of the model to answer with.',
  },
  'static-fallback-violates-contract': {
    severity: 'error',
    area: 'error-management',
    summary: 'A static fallback value does not satisfy the output contract of a version it stands in for.',
  },
  'retry-budget-exceeds-deadline': {
    severity: 'error',
    area: 'error-management',
    summary: "An error policy's retries take longer than the endpoint timeout or SLO latencyP99 of a deployment.",
  },
  // Data collection (rules/data.ts)
  'unknown-column': {
    severity: 'error',
    area: 'data-collection',
    summary: 'A freshness column, dedup key or quality check names a column missing from the declared schema.',
  },
  'freshness-below-refresh': {
    severity: 'warning',
    area: 'data-collection',
    summary: 'freshness.maxAge is shorter than the longest gap between runs of the refresh schedule.',
  },
  'missing-freshness': {
    severity: 'error',
    area: 'data-collection',
    summary: 'A source read by a deployment lacks freshness or refresh where the environment requires both.',
  },
  'batch-input-missing-column': {
    severity: 'warning',
    area: 'data-collection',
    summary: "A required field of a batch deployment's input contract is not a column of any of its inputs.",
  },
  'invalid-quality-check': {
    severity: 'error',
    area: 'data-collection',
    summary: 'A quality check lacks the parameters it needs, or has parameters it does not take.',
  },
  // Promotion (rules/promotion.ts)
  'promotion-order': {
    severity: 'error',
    area: 'promotion',
    summary: 'promotion.from is not the previous environment in Project order.',
  },
  'invalid-freeze-window': {
    severity: 'error',
    area: 'promotion',
    summary: 'A freeze window does not end after it starts.',
  },
  'invalid-metric-gate': {
    severity: 'error',
    area: 'promotion',
    summary: 'A metric gate can never pass or checks nothing.',
  },
  'approvals-unsatisfiable': {
    severity: 'error',
    area: 'promotion',
    summary: 'More approvals are required than there are approvers.',
  },
  'approvers-not-allowed': {
    severity: 'error',
    area: 'promotion',
    summary:
      "Fewer approvers of a deployment are allowed `approve` on it by the environment's AccessPolicies than are required.",
  },
  'owners-not-allowed': {
    severity: 'error',
    area: 'promotion',
    summary: 'No owner of a model is allowed `approve` on it where an AccessPolicy approve rule reaches it.',
  },
  // Delivery (rules/target.ts)
  'target-batch-image-missing': {
    severity: 'error',
    area: 'delivery',
    summary: 'A kubernetes target has no batchImage, and its environment has a batch deployment.',
  },
  'target-gateway-invalid': {
    severity: 'error',
    area: 'delivery',
    summary: 'A kubernetes target names its Istio gateway other than as <namespace>/<name>.',
  },
  'target-framework-missing': {
    severity: 'error',
    area: 'delivery',
    summary: 'A version served by a kubernetes target declares no framework for KServe to serve it with.',
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

export function ruleInfo(code: string): RuleInfo | undefined {
  return (RULES as Record<string, RuleInfo>)[code];
}
