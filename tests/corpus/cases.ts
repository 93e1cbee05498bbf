import type { Files } from '../support/config-repo.js';
import { digest } from '../support/values.js';

/** One diagnostic as `validate --format json` reports it (severity is always error here). */
export interface Expected {
  code: string;
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

/** A hostile or broken input: files added to a valid base repository, and what validate must say. */
export interface CorpusCase {
  name: string;
  files: Files;
  /** Symbolic links to create: link path (relative to the repo) → link target, as written in the link. */
  links?: Record<string, string>;
  /** Files written next to the repository (in its parent folder), for links that leave it. */
  outside?: Files;
  expected: Expected[];
}

const HEAD = 'apiVersion: slipway.dev/v1\n';

/** A valid Deployment body after the envelope; cases break one thing in it. */
const deployment = (
  spec = '  model: fraud\n  traffic: [{version: 1.0.0, percent: 100}]\n  mode: realtime\n  endpoint: {path: /v1/fraud}\n',
) => `${HEAD}kind: Deployment\nmetadata: {name: fraud}\nspec:\n${spec}`;

const model = (version = '"1.0.0"', name = 'fraud') =>
  `${HEAD}kind: Model
metadata: {name: ${name}}
spec:
  owners: [team:ml]
  versions:
    - version: ${version}
      status: approved
      artifact:
        uri: s3://models/fraud/model.onnx
        digest: ${digest('ab')}
`;

const billionLaughs = `${HEAD}kind: Deployment
metadata: {name: lol}
spec:
  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`;

export const CASES: CorpusCase[] = [
  {
    name: 'a file over 1 MiB',
    files: { 'environments/dev/huge.yaml': `${HEAD}kind: Deployment\n# ${'x'.repeat(1024 * 1024)}\n` },
    expected: [
      {
        code: 'file-too-large',
        file: 'environments/dev/huge.yaml',
        line: 1,
        column: 1,
        message: 'file is 1.0 MiB (1048623 bytes); the limit is 1 MiB (1048576 bytes)',
        hint: 'split it into several smaller files: every .yaml file under environments/<env>/ is read',
      },
    ],
  },
  {
    name: 'billion laughs alias bomb',
    files: { 'environments/dev/bomb.yaml': billionLaughs },
    expected: [
      {
        code: 'yaml-alias-limit',
        file: 'environments/dev/bomb.yaml',
        line: 6,
        column: 10,
        message: 'aliases expand this document to far more values than the file holds (an alias bomb?)',
        hint: 'write the values out instead of nesting anchors (&) and aliases (*)',
      },
    ],
  },
  {
    name: 'an alias to an anchor that does not exist',
    files: { 'environments/dev/d.yaml': deployment().replace('mode: realtime', 'mode: *mode') },
    expected: [
      {
        code: 'yaml-syntax',
        file: 'environments/dev/d.yaml',
        line: 7,
        column: 9,
        message: 'invalid YAML: alias `*mode` refers to no anchor',
        hint: 'define the anchor (`&mode`) earlier in the same document, or write the value out',
      },
    ],
  },
  {
    name: 'unknown tag !!python/object/apply:os.system',
    files: {
      'environments/dev/d.yaml': deployment().replace(
        'model: fraud',
        'model: !!python/object/apply:os.system ["rm -rf /"]',
      ),
    },
    expected: [
      {
        code: 'yaml-unknown-tag',
        file: 'environments/dev/d.yaml',
        line: 5,
        column: 10,
        message: 'unsupported YAML tag `!!python/object/apply:os.system`',
        hint: 'remove the tag: Slipway reads plain mappings, lists, strings, numbers and booleans, and never runs code from YAML',
      },
    ],
  },
  {
    name: 'unknown tag !!js/function',
    files: {
      'environments/dev/d.yaml': deployment().replace(
        'model: fraud',
        'model: !!js/function "function () { return 1 }"',
      ),
    },
    expected: [
      {
        code: 'yaml-unknown-tag',
        file: 'environments/dev/d.yaml',
        line: 5,
        column: 10,
        message: 'unsupported YAML tag `!!js/function`',
        hint: 'remove the tag: Slipway reads plain mappings, lists, strings, numbers and booleans, and never runs code from YAML',
      },
    ],
  },
  {
    name: 'custom tag !foo',
    files: { 'environments/dev/d.yaml': deployment().replace('mode: realtime', 'mode: !foo realtime') },
    expected: [
      {
        code: 'yaml-unknown-tag',
        file: 'environments/dev/d.yaml',
        line: 7,
        column: 9,
        message: 'unsupported YAML tag `!foo`',
        hint: 'remove the tag: Slipway reads plain mappings, lists, strings, numbers and booleans, and never runs code from YAML',
      },
    ],
  },
  {
    name: 'duplicate top-level key',
    files: { 'environments/dev/d.yaml': deployment() + 'kind: Model\n' },
    expected: [
      {
        code: 'yaml-duplicate-key',
        file: 'environments/dev/d.yaml',
        line: 9,
        column: 1,
        message: 'duplicate key `kind`',
        hint: 'remove or rename this key or the first one (line 2); a YAML mapping holds each key once',
      },
    ],
  },
  {
    name: 'duplicate key in a flow mapping',
    files: { 'environments/dev/d.yaml': deployment().replace('percent: 100}', 'percent: 100, percent: 50}') },
    expected: [
      {
        code: 'yaml-duplicate-key',
        file: 'environments/dev/d.yaml',
        line: 6,
        column: 44,
        message: 'duplicate key `percent`',
        hint: 'remove or rename this key or the first one (line 6); a YAML mapping holds each key once',
      },
    ],
  },
  {
    name: 'binary file',
    files: {
      'environments/dev/logo.yaml': Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
      ]),
    },
    expected: [
      {
        code: 'file-encoding',
        file: 'environments/dev/logo.yaml',
        line: 1,
        column: 1,
        message: 'file is binary (it contains NUL bytes), not YAML text',
        hint: 'remove it, or move it out of models/ and environments/',
      },
    ],
  },
  {
    name: 'latin-1 file (not UTF-8)',
    files: {
      'environments/dev/d.yaml': Buffer.concat([Buffer.from(deployment()), Buffer.from('  # caf\xe9\n', 'latin1')]),
    },
    expected: [
      {
        code: 'file-encoding',
        file: 'environments/dev/d.yaml',
        line: 9,
        column: 8,
        message: 'file is not valid UTF-8 (byte 0xe9)',
        hint: 'save the file as UTF-8; it looks like it was saved as Latin-1 or Windows-1252',
      },
    ],
  },
  {
    name: 'UTF-16 file',
    files: {
      'environments/dev/d.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(deployment(), 'utf16le')]),
    },
    expected: [
      {
        code: 'file-encoding',
        file: 'environments/dev/d.yaml',
        line: 1,
        column: 1,
        message: 'file is UTF-16 encoded; Slipway reads UTF-8',
        hint: 'save the file as UTF-8',
      },
    ],
  },
  {
    name: 'a document that is a list',
    files: { 'environments/dev/d.yaml': '- apiVersion: slipway.dev/v1\n- kind: Deployment\n' },
    expected: [
      {
        code: 'document-not-mapping',
        file: 'environments/dev/d.yaml',
        line: 1,
        column: 1,
        message: 'document is a list, not a mapping',
        hint: 'write apiVersion, kind, metadata and spec as top-level keys, without a leading `- `',
      },
    ],
  },
  {
    name: 'a document that is a scalar',
    files: { 'environments/dev/d.yaml': 'hello world\n' },
    expected: [
      {
        code: 'document-not-mapping',
        file: 'environments/dev/d.yaml',
        line: 1,
        column: 1,
        message: 'document is a single string (`hello world`), not a mapping',
        hint: 'a Slipway document is a mapping with the keys apiVersion, kind, metadata and spec',
      },
    ],
  },
  {
    name: 'an empty file',
    files: { 'environments/dev/empty.yaml': '' },
    expected: [
      {
        code: 'empty-file',
        file: 'environments/dev/empty.yaml',
        line: 1,
        column: 1,
        message: 'file is empty',
        hint: 'add a document with apiVersion, kind, metadata and spec, or delete the file',
      },
    ],
  },
  {
    name: 'a comment-only file',
    files: { 'environments/dev/notes.yml': '# TODO: add the fraud deployment\n\n   # later\n' },
    expected: [
      {
        code: 'empty-file',
        file: 'environments/dev/notes.yml',
        line: 1,
        column: 1,
        message: 'file holds only comments, no YAML document',
        hint: 'add a document with apiVersion, kind, metadata and spec, or delete the file',
      },
    ],
  },
  {
    name: 'a stray --- after the last document',
    files: { 'environments/dev/d.yaml': deployment() + '---\n' },
    expected: [
      {
        code: 'document-not-mapping',
        file: 'environments/dev/d.yaml',
        line: 9,
        column: 1,
        message: 'document is empty',
        hint: 'remove the stray `---`, or fill in apiVersion, kind, metadata and spec',
      },
    ],
  },
  {
    name: 'an empty document between two ---',
    files: { 'environments/dev/d.yaml': '---\n---\n' + deployment() },
    expected: [
      {
        code: 'document-not-mapping',
        file: 'environments/dev/d.yaml',
        line: 1,
        column: 1,
        message: 'document is empty',
        hint: 'remove the stray `---`, or fill in apiVersion, kind, metadata and spec',
      },
    ],
  },
  {
    name: 'a symlink to a file outside the repository',
    files: {},
    outside: { 'secret.yaml': 'password: hunter2\n' },
    links: { 'environments/dev/evil.yaml': '../../../secret.yaml' },
    expected: [
      {
        code: 'symlink-escape',
        file: 'environments/dev/evil.yaml',
        line: 1,
        column: 1,
        message: 'symbolic link points outside the repository (to `../../../secret.yaml`)',
        hint: 'replace the link with a copy of what it points to; Slipway never reads outside the repository',
      },
    ],
  },
  {
    name: 'a symlinked environment folder outside the repository',
    files: {},
    outside: { 'elsewhere/d.yaml': deployment() },
    links: { 'environments/prod': '../../elsewhere' },
    expected: [
      {
        code: 'symlink-escape',
        file: 'environments/prod',
        line: 1,
        column: 1,
        message: 'symbolic link points outside the repository (to `../../elsewhere`)',
        hint: 'replace the link with a copy of what it points to; Slipway never reads outside the repository',
      },
    ],
  },
  {
    name: 'a __proto__ key',
    files: { 'environments/dev/d.yaml': deployment() + '__proto__: {isAdmin: true}\n' },
    expected: [
      {
        code: 'forbidden-key',
        file: 'environments/dev/d.yaml',
        line: 9,
        column: 1,
        message: 'key `__proto__` is not allowed: it can alter how programs read the document (prototype pollution)',
        hint: 'remove the key; no Slipway field is called `__proto__`',
      },
    ],
  },
  {
    name: 'a __proto__ key spelled with a YAML escape',
    files: { 'environments/dev/d.yaml': deployment() + '"\\x5f_proto__": {isAdmin: true}\n' },
    expected: [
      {
        code: 'forbidden-key',
        file: 'environments/dev/d.yaml',
        line: 9,
        column: 1,
        message: 'key `__proto__` is not allowed: it can alter how programs read the document (prototype pollution)',
        hint: 'remove the key; no Slipway field is called `__proto__`',
      },
    ],
  },
  {
    name: 'a constructor key in spec',
    files: {
      'environments/dev/d.yaml': deployment().replace(
        '  mode:',
        '  constructor: {prototype: {polluted: true}}\n  mode:',
      ),
    },
    expected: [
      {
        code: 'forbidden-key',
        file: 'environments/dev/d.yaml',
        line: 7,
        column: 3,
        message: 'key `constructor` is not allowed: it can alter how programs read the document (prototype pollution)',
        hint: 'remove the key; no Slipway field is called `constructor`',
      },
    ],
  },
  {
    name: 'a number where a string is expected (cpu: 2)',
    files: { 'environments/dev/d.yaml': deployment() + '  resources: {cpu: 2, memory: 4Gi}\n' },
    expected: [
      {
        code: 'schema-type',
        file: 'environments/dev/d.yaml',
        line: 9,
        column: 20,
        message: '`spec.resources.cpu` must be a string; got the number `2`',
        hint: 'quote it: `cpu: "2"`',
      },
    ],
  },
  {
    name: 'a quoted number where an integer is expected',
    files: { 'environments/dev/d.yaml': deployment().replace('percent: 100', 'percent: "100"') },
    expected: [
      {
        code: 'schema-type',
        file: 'environments/dev/d.yaml',
        line: 6,
        column: 39,
        message: '`spec.traffic[0].percent` must be an integer; got the string "100"',
        hint: 'remove the quotes: `percent: 100`',
      },
    ],
  },
  {
    name: 'a string where a mapping is expected',
    files: { 'environments/dev/d.yaml': deployment().replace('endpoint: {path: /v1/fraud}', 'endpoint: /v1/fraud') },
    expected: [
      {
        code: 'schema-type',
        file: 'environments/dev/d.yaml',
        line: 8,
        column: 13,
        message: '`spec.endpoint` must be a mapping; got the string "/v1/fraud"',
        hint: 'write a mapping of its fields (path, timeout), indented below the key',
      },
    ],
  },
  {
    name: 'a scalar where a list is expected',
    files: { 'environments/dev/d.yaml': deployment() + '  inputs: transactions\n' },
    expected: [
      {
        code: 'schema-type',
        file: 'environments/dev/d.yaml',
        line: 9,
        column: 11,
        message: '`spec.inputs` must be a list; got the string "transactions"',
        hint: 'write a list: `inputs: [transactions]`',
      },
    ],
  },
  {
    name: 'metadata is a list',
    files: { 'environments/dev/d.yaml': deployment().replace('metadata: {name: fraud}', 'metadata: [fraud]') },
    expected: [
      {
        code: 'schema-type',
        file: 'environments/dev/d.yaml',
        line: 3,
        column: 11,
        message: '`metadata` must be a mapping; got a list',
        hint: 'write a mapping of its fields (name, labels, annotations), indented below the key',
      },
    ],
  },
  {
    name: 'a null name',
    files: { 'environments/dev/d.yaml': deployment().replace('{name: fraud}', '{name: ~}') },
    expected: [
      {
        code: 'schema-type',
        file: 'environments/dev/d.yaml',
        line: 3,
        column: 18,
        message: '`metadata.name` must be a string; got an empty value (null)',
        hint: 'fill in a value after `name:`, or remove the key (an empty value, `~` and `null` all mean null)',
      },
    ],
  },
  {
    name: 'an unknown field with a did-you-mean',
    files: { 'environments/dev/d.yaml': deployment().replace('endpoint:', 'endpont:') },
    expected: [
      {
        code: 'schema-unknown-field',
        file: 'environments/dev/d.yaml',
        line: 8,
        column: 3,
        message: 'unknown field `spec.endpont`',
        hint: 'did you mean `endpoint`?',
      },
    ],
  },
  {
    name: 'an unknown field without a close match',
    files: { 'environments/dev/d.yaml': deployment() + '  owner: team:ml\n' },
    expected: [
      {
        code: 'schema-unknown-field',
        file: 'environments/dev/d.yaml',
        line: 9,
        column: 3,
        message: 'unknown field `spec.owner`',
        hint: 'remove it; the fields here are model, traffic, mode, endpoint, schedule, output, inputs, errorPolicy, resources, slo',
      },
    ],
  },
  {
    name: 'a misspelt required field',
    files: { 'environments/dev/d.yaml': deployment().replace('traffic:', 'trafic:') },
    expected: [
      {
        code: 'schema-unknown-field',
        file: 'environments/dev/d.yaml',
        line: 6,
        column: 3,
        message: 'unknown field `spec.trafic`',
        hint: 'did you mean `traffic`? (`traffic` is required)',
      },
    ],
  },
  {
    name: 'a missing required field',
    files: { 'environments/dev/d.yaml': deployment().replace('  mode: realtime\n', '') },
    expected: [
      {
        code: 'schema-required',
        file: 'environments/dev/d.yaml',
        line: 5,
        column: 3,
        message: 'missing required field `spec.mode`',
        hint: 'add `mode:` under `spec` (one of realtime, batch)',
      },
    ],
  },
  {
    name: 'a misspelt kind (Deploymnet)',
    files: { 'environments/dev/d.yaml': deployment().replace('kind: Deployment', 'kind: Deploymnet') },
    expected: [
      {
        code: 'unknown-kind',
        file: 'environments/dev/d.yaml',
        line: 2,
        column: 7,
        message:
          'unknown kind `Deploymnet`; known kinds: Project, Model, Environment, DataSource, ErrorPolicy, AccessPolicy, Consumer, Deployment',
        hint: 'did you mean `Deployment`?',
      },
    ],
  },
  {
    name: 'a lowercase kind',
    files: { 'environments/dev/d.yaml': deployment().replace('kind: Deployment', 'kind: deployment') },
    expected: [
      {
        code: 'unknown-kind',
        file: 'environments/dev/d.yaml',
        line: 2,
        column: 7,
        message:
          'unknown kind `deployment`; known kinds: Project, Model, Environment, DataSource, ErrorPolicy, AccessPolicy, Consumer, Deployment',
        hint: 'did you mean `Deployment`?',
      },
    ],
  },
  {
    name: 'a missing kind',
    files: { 'environments/dev/d.yaml': deployment().replace('kind: Deployment\n', '') },
    expected: [
      {
        code: 'unknown-kind',
        file: 'environments/dev/d.yaml',
        line: 1,
        column: 1,
        message:
          'missing `kind`; known kinds: Project, Model, Environment, DataSource, ErrorPolicy, AccessPolicy, Consumer, Deployment',
        hint: 'set kind to one of the known kinds',
      },
    ],
  },
  {
    name: 'an unknown apiVersion',
    files: { 'environments/dev/d.yaml': deployment().replace('slipway.dev/v1', 'slipway.dev/v2') },
    expected: [
      {
        code: 'unknown-api-version',
        file: 'environments/dev/d.yaml',
        line: 1,
        column: 13,
        message: 'unknown apiVersion `slipway.dev/v2`; the known one is `slipway.dev/v1`',
        hint: 'write `apiVersion: slipway.dev/v1`',
      },
    ],
  },
  {
    name: 'a missing apiVersion',
    files: { 'environments/dev/d.yaml': deployment().replace(HEAD, '') },
    expected: [
      {
        code: 'unknown-api-version',
        file: 'environments/dev/d.yaml',
        line: 1,
        column: 1,
        message: 'missing `apiVersion`',
        hint: 'add `apiVersion: slipway.dev/v1`',
      },
    ],
  },
  {
    name: 'a Deployment under models/',
    files: { 'models/fraud/deployment.yaml': deployment() },
    expected: [
      {
        code: 'kind-location',
        file: 'models/fraud/deployment.yaml',
        line: 2,
        column: 7,
        message:
          'a Deployment does not belong in `models/fraud/deployment.yaml`; it goes in a file under `environments/<env>/`',
        hint: 'move the document to a file under `environments/<env>/`',
      },
    ],
  },
  {
    name: 'a Model under environments/',
    files: { 'environments/dev/fraud.yaml': model() },
    expected: [
      {
        code: 'kind-location',
        file: 'environments/dev/fraud.yaml',
        line: 2,
        column: 7,
        message: 'a Model does not belong in `environments/dev/fraud.yaml`; it goes in `models/<model>/model.yaml`',
        hint: 'move the document to `models/<model>/model.yaml`',
      },
    ],
  },
  {
    name: 'a Project outside slipway.yaml',
    files: {
      'environments/dev/project.yaml': `${HEAD}kind: Project\nmetadata: {name: other}\nspec:\n  environments: [dev]\n`,
    },
    expected: [
      {
        code: 'kind-location',
        file: 'environments/dev/project.yaml',
        line: 2,
        column: 7,
        message: 'a Project does not belong in `environments/dev/project.yaml`; it goes in `slipway.yaml`',
        hint: 'move the document to `slipway.yaml`',
      },
    ],
  },
  {
    name: 'a Model whose name differs from its folder',
    files: { 'models/fraud/model.yaml': model('"1.0.0"', 'fraud-v2') },
    expected: [
      {
        code: 'name-folder-mismatch',
        file: 'models/fraud/model.yaml',
        line: 3,
        column: 18,
        message: 'Model `fraud-v2` is in folder `models/fraud/`',
        hint: 'rename the folder to `models/fraud-v2/` or set `metadata.name: fraud`',
      },
    ],
  },
  {
    name: 'YAML 1.1 booleans: jitter: yes (and on: as a key)',
    files: {
      'environments/dev/policy.yaml': `${HEAD}kind: ErrorPolicy\nmetadata: {name: strict}\nspec:\n  timeout: 300ms\n  retry:\n    maxAttempts: 3\n    on: [timeout]\n    backoff: {initial: 50ms, jitter: yes}\n`,
    },
    expected: [
      {
        code: 'schema-type',
        file: 'environments/dev/policy.yaml',
        line: 9,
        column: 38,
        message: '`spec.retry.backoff.jitter` must be a boolean (true or false); got the string "yes"',
        hint: 'write `jitter: true`: Slipway reads YAML 1.2, where yes/no/on/off are plain strings',
      },
    ],
  },
  {
    name: 'YAML 1.1 booleans: automatic: on',
    files: {
      'environments/dev/policy.yaml': `${HEAD}kind: ErrorPolicy\nmetadata: {name: strict}\nspec:\n  timeout: 300ms\n  rollback:\n    automatic: on\n`,
    },
    expected: [
      {
        code: 'schema-type',
        file: 'environments/dev/policy.yaml',
        line: 7,
        column: 16,
        message: '`spec.rollback.automatic` must be a boolean (true or false); got the string "on"',
        hint: 'write `automatic: true`: Slipway reads YAML 1.2, where yes/no/on/off are plain strings',
      },
    ],
  },
  {
    name: 'version: 1.10 read as the number 1.1',
    files: { 'models/fraud/model.yaml': model('1.10') },
    expected: [
      {
        code: 'schema-type',
        file: 'models/fraud/model.yaml',
        line: 7,
        column: 16,
        message: '`spec.versions[0].version` must be a string; got `1.10`, which YAML reads as the number 1.1',
        hint: 'quote it: `version: "1.10"` (a version has three parts: MAJOR.MINOR.PATCH)',
      },
    ],
  },
  {
    name: 'a float traffic version in a flow mapping',
    files: { 'environments/dev/d.yaml': deployment().replace('version: 1.0.0', 'version: 2.0') },
    expected: [
      {
        code: 'schema-type',
        file: 'environments/dev/d.yaml',
        line: 6,
        column: 23,
        message: '`spec.traffic[0].version` must be a string; got `2.0`, which YAML reads as the number 2',
        hint: 'quote it: `version: "2.0"` (a version has three parts: MAJOR.MINOR.PATCH)',
      },
    ],
  },
  {
    name: 'a YAML 1.1 merge key',
    files: {
      'environments/dev/d.yaml': `${HEAD}kind: Deployment\nmetadata: {name: fraud}\nbase: &base {mode: realtime}\nspec:\n  <<: *base\n  model: fraud\n`,
    },
    expected: [
      {
        code: 'schema-unknown-field',
        file: 'environments/dev/d.yaml',
        line: 4,
        column: 1,
        message: 'unknown field `base`',
        hint: 'remove it; the fields here are apiVersion, kind, metadata, spec',
      },
      {
        code: 'schema-required',
        file: 'environments/dev/d.yaml',
        line: 6,
        column: 3,
        message: 'missing required field `spec.traffic`',
        hint: 'add `traffic:` under `spec` (Versions and their traffic shares; one entry means no canary)',
      },
      {
        code: 'schema-required',
        file: 'environments/dev/d.yaml',
        line: 6,
        column: 3,
        message: 'missing required field `spec.mode`',
        hint: 'add `mode:` under `spec` (one of realtime, batch)',
      },
      {
        code: 'schema-unknown-field',
        file: 'environments/dev/d.yaml',
        line: 6,
        column: 3,
        message: 'unknown field `spec["<<"]`',
        hint: 'merge keys (`<<: *anchor`) are YAML 1.1; Slipway reads YAML 1.2, so write the fields out',
      },
    ],
  },
  {
    name: 'tabs in indentation',
    files: { 'environments/dev/d.yaml': deployment().replace('  mode: realtime', '\tmode: realtime') },
    expected: [
      {
        code: 'yaml-syntax',
        file: 'environments/dev/d.yaml',
        line: 7,
        column: 1,
        message: 'invalid YAML: a tab is used for indentation',
        hint: 'YAML forbids tabs in indentation; indent with spaces',
      },
    ],
  },
  {
    name: 'an unterminated double quote',
    files: { 'environments/dev/d.yaml': deployment().replace('model: fraud', 'model: "fraud') },
    expected: [
      {
        code: 'yaml-syntax',
        file: 'environments/dev/d.yaml',
        line: 5,
        column: 10,
        message: 'invalid YAML: this quoted string is never closed',
        hint: 'add the closing " at the end of the value',
      },
    ],
  },
  {
    name: 'an unterminated single quote',
    files: { 'environments/dev/d.yaml': deployment().replace('mode: realtime', "mode: 'realtime") },
    expected: [
      {
        code: 'yaml-syntax',
        file: 'environments/dev/d.yaml',
        line: 7,
        column: 9,
        message: 'invalid YAML: this quoted string is never closed',
        hint: "add the closing ' at the end of the value",
      },
    ],
  },
  {
    name: 'deeply nested flow sequences',
    files: { 'environments/dev/d.yaml': deployment() + `  inputs: ${'['.repeat(5000)}${']'.repeat(5000)}\n` },
    expected: [
      {
        code: 'yaml-too-deep',
        file: 'environments/dev/d.yaml',
        line: 9,
        column: 73,
        message: 'document is nested deeper than 64 levels',
        hint: 'flatten the document; no Slipway kind needs this much nesting',
      },
    ],
  },
  {
    name: 'deeply nested block mappings',
    files: {
      'environments/dev/d.yaml':
        deployment() +
        Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:\n`).join('') +
        `${'  '.repeat(81)}leaf\n`,
    },
    expected: [
      {
        code: 'yaml-too-deep',
        file: 'environments/dev/d.yaml',
        line: 71,
        column: 127,
        message: 'document is nested deeper than 64 levels',
        hint: 'flatten the document; no Slipway kind needs this much nesting',
      },
    ],
  },
  {
    name: 'a CRLF file with an enum typo',
    files: {
      'environments/dev/d.yaml': deployment().replace('mode: realtime', 'mode: realtme').replace(/\n/g, '\r\n'),
    },
    expected: [
      {
        code: 'schema-enum',
        file: 'environments/dev/d.yaml',
        line: 7,
        column: 9,
        message: '`spec.mode` must be one of realtime, batch; got `realtme`',
        hint: 'did you mean `realtime`?',
      },
    ],
  },
  {
    name: 'a BOM before an unknown field',
    files: { 'environments/dev/d.yaml': '\ufeff' + deployment().replace('  mode:', '  replicas: 2\n  mode:') },
    expected: [
      {
        code: 'schema-unknown-field',
        file: 'environments/dev/d.yaml',
        line: 7,
        column: 3,
        message: 'unknown field `spec.replicas`',
        hint: 'remove it; the fields here are model, traffic, mode, endpoint, schedule, output, inputs, errorPolicy, resources, slo',
      },
    ],
  },
  {
    name: 'an enum value with a trailing space',
    files: { 'environments/dev/d.yaml': deployment().replace('mode: realtime', 'mode: "realtime "') },
    expected: [
      {
        code: 'schema-enum',
        file: 'environments/dev/d.yaml',
        line: 7,
        column: 9,
        message: '`spec.mode` must be one of realtime, batch; got `realtime `',
        hint: 'did you mean `realtime`?',
      },
    ],
  },
  {
    name: 'the second document of a file is broken',
    files: {
      'environments/dev/d.yaml': deployment() + '---\n' + deployment().replace('{name: fraud}', '{name: Fraud_2}'),
    },
    expected: [
      {
        code: 'invalid-name',
        file: 'environments/dev/d.yaml',
        line: 12,
        column: 18,
        message: '`metadata.name` must be a lowercase DNS label (a-z, 0-9 and `-`, 1-63 characters); got `Fraud_2`',
        hint: 'use lowercase letters, digits and dashes, starting and ending with a letter or digit',
      },
    ],
  },
  {
    name: 'bad indentation',
    files: { 'environments/dev/d.yaml': deployment().replace('  mode: realtime', '   mode: realtime') },
    expected: [
      {
        code: 'yaml-syntax',
        file: 'environments/dev/d.yaml',
        line: 7,
        column: 4,
        message: 'invalid YAML: this line is indented differently from the entries around it',
        hint: 'indent it exactly like its sibling keys (Slipway files use two spaces per level)',
      },
    ],
  },
  {
    name: 'an unclosed flow sequence',
    files: { 'environments/dev/d.yaml': deployment().replace('percent: 100}]', 'percent: 100}') },
    expected: [
      {
        code: 'yaml-syntax',
        file: 'environments/dev/d.yaml',
        line: 6,
        column: 12,
        message: 'invalid YAML: this `[` is never closed, or two of its entries lack a comma between them',
        hint: 'add the closing `]`, or a comma between its entries',
      },
    ],
  },
  {
    name: 'a key without a colon',
    files: { 'environments/dev/d.yaml': deployment().replace('  mode: realtime', '  mode realtime') },
    expected: [
      {
        code: 'yaml-syntax',
        file: 'environments/dev/d.yaml',
        line: 7,
        column: 3,
        message: 'invalid YAML: this line is not a `key: value` pair',
        hint: 'add the missing `:` (followed by a space) after the key, or fix the indentation of the line',
      },
    ],
  },
  {
    name: 'a document that is a number',
    files: { 'environments/dev/d.yaml': '42\n' },
    expected: [
      {
        code: 'document-not-mapping',
        file: 'environments/dev/d.yaml',
        line: 1,
        column: 1,
        message: 'document is a single number (`42`), not a mapping',
        hint: 'a Slipway document is a mapping with the keys apiVersion, kind, metadata and spec',
      },
    ],
  },
  {
    name: 'duplicate keys spelt differently (quoted and plain)',
    files: { 'environments/dev/d.yaml': deployment().replace('  mode: realtime', '  "mode": batch\n  mode: realtime') },
    expected: [
      {
        code: 'yaml-duplicate-key',
        file: 'environments/dev/d.yaml',
        line: 8,
        column: 3,
        message: 'duplicate key `mode`',
        hint: 'remove or rename this key or the first one (line 7); a YAML mapping holds each key once',
      },
    ],
  },
  {
    name: 'a control character',
    files: { 'environments/dev/d.yaml': deployment().replace('model: fraud', 'model: fr\x07aud') },
    expected: [
      {
        code: 'yaml-syntax',
        file: 'environments/dev/d.yaml',
        line: 5,
        column: 12,
        message: 'invalid YAML: the file contains a non-printable character (U+0007)',
        hint: 'remove it; YAML allows only printable characters, tabs and line breaks',
      },
    ],
  },
  {
    name: 'a missing spec',
    files: { 'environments/dev/d.yaml': `${HEAD}kind: Deployment\nmetadata: {name: fraud}\n` },
    expected: [
      {
        code: 'schema-required',
        file: 'environments/dev/d.yaml',
        line: 1,
        column: 1,
        message: 'missing required field `spec`',
        hint: 'add `spec:` at the top level of the document',
      },
    ],
  },
  {
    name: 'an unknown field inside a list item',
    files: { 'environments/dev/d.yaml': deployment().replace('percent: 100}', 'percent: 100, weight: 1}') },
    expected: [
      {
        code: 'schema-unknown-field',
        file: 'environments/dev/d.yaml',
        line: 6,
        column: 44,
        message: 'unknown field `spec.traffic[0].weight`',
        hint: 'remove it; the fields here are version, percent',
      },
    ],
  },
  {
    name: 'an enum typo in a model version status',
    files: { 'models/fraud/model.yaml': model().replace('status: approved', 'status: Approved') },
    expected: [
      {
        code: 'schema-enum',
        file: 'models/fraud/model.yaml',
        line: 8,
        column: 15,
        message: '`spec.versions[0].status` must be one of candidate, approved, deprecated, revoked; got `Approved`',
        hint: 'did you mean `approved`?',
      },
    ],
  },
  {
    name: 'a malformed digest',
    files: { 'models/fraud/model.yaml': model().replace(/sha256:[0-9a-f]+/, 'sha256:abc123') },
    expected: [
      {
        code: 'invalid-digest',
        file: 'models/fraud/model.yaml',
        line: 11,
        column: 17,
        message:
          '`spec.versions[0].artifact.digest` must be `sha256:` followed by 64 lowercase hex characters; got `sha256:abc123`',
        hint: 'use the digest your registry reports, e.g. `sha256sum model.onnx`',
      },
    ],
  },
  {
    name: 'a number where a duration is expected',
    files: {
      'environments/dev/policy.yaml': `${HEAD}kind: ErrorPolicy\nmetadata: {name: strict}\nspec:\n  timeout: 300\n`,
    },
    expected: [
      {
        code: 'invalid-duration',
        file: 'environments/dev/policy.yaml',
        line: 5,
        column: 12,
        message: '`spec.timeout` must be a duration such as `250ms`, `30s`, `5m`, `6h` or `2d`; got the number `300`',
        hint: 'add the unit: `timeout: 300s`, or ms, m, h, d',
      },
    ],
  },
  {
    name: 'a .nan percent',
    files: { 'environments/dev/d.yaml': deployment().replace('percent: 100', 'percent: .nan') },
    expected: [
      {
        code: 'schema-type',
        file: 'environments/dev/d.yaml',
        line: 6,
        column: 39,
        message: '`spec.traffic[0].percent` must be an integer; got `.nan`, which YAML reads as the number NaN',
        hint: "write an ordinary number: `.nan` and `.inf` are YAML's not-a-number and infinity",
      },
    ],
  },
  {
    name: 'several problems in one document, in file order',
    files: {
      'environments/dev/d.yaml':
        deployment().replace('mode: realtime', 'mode: streaming').replace('{name: fraud}', '{name: fraud, owner: me}') +
        '  replicas: 3\n',
    },
    expected: [
      {
        code: 'schema-unknown-field',
        file: 'environments/dev/d.yaml',
        line: 3,
        column: 25,
        message: 'unknown field `metadata.owner`',
        hint: 'remove it; the fields here are name, labels, annotations',
      },
      {
        code: 'schema-enum',
        file: 'environments/dev/d.yaml',
        line: 7,
        column: 9,
        message: '`spec.mode` must be one of realtime, batch; got `streaming`',
      },
      {
        code: 'schema-unknown-field',
        file: 'environments/dev/d.yaml',
        line: 9,
        column: 3,
        message: 'unknown field `spec.replicas`',
        hint: 'remove it; the fields here are model, traffic, mode, endpoint, schedule, output, inputs, errorPolicy, resources, slo',
      },
    ],
  },
];
