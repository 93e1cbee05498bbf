import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KINDS, type Kind } from '../../src/kinds/index.js';
import { ScaffoldError, scaffoldFiles, type PublishedSchema } from '../../src/world/scaffold.js';
import { runCli } from '../support/cli.js';
import { writeRepo } from '../support/config-repo.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const schemas = new Map<Kind, PublishedSchema>(
  KINDS.map((k) => [
    k,
    JSON.parse(readFileSync(path.join(root, 'schemas', `${k.toLowerCase()}.schema.json`), 'utf8')) as PublishedSchema,
  ]),
);
/** Kinds in the order the editor settings and the catalog list them. */
const EDITOR_ORDER = [
  'project',
  'model',
  'environment',
  'deployment',
  'datasource',
  'errorpolicy',
  'accesspolicy',
  'consumer',
];
const files = scaffoldFiles({ name: 'acme-ml', slipwayVersion: '0.1.0', schemas });

/** `*` within a path segment, as yaml-language-server and SchemaStore globs mean it here. */
const globToRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

describe('init scaffolding', () => {
  it('writes the configuration, three workflows, .gitignore and editor support', () => {
    expect([...files.keys()]).toEqual([
      'slipway.yaml',
      'models/example-model/model.yaml',
      ...['dev', 'staging', 'prod'].flatMap((env) =>
        [
          'environment.yaml',
          'deployments/example-model.yaml',
          'data-sources.yaml',
          'error-policies.yaml',
          'access-policies.yaml',
          'consumers.yaml',
        ].map((f) => `environments/${env}/${f}`),
      ),
      '.github/workflows/validate.yml',
      '.github/workflows/gate.yml',
      '.github/workflows/reconcile.yml',
      '.gitignore',
      ...EDITOR_ORDER.map((k) => `schemas/${k}.schema.json`),
      '.vscode/settings.json',
      'schemas/catalog.json',
    ]);
    expect(files.get('.gitignore')).toMatch(/^\.slipway\/$/m);
    expect(files.get('slipway.yaml')).toMatch(/^ {2}name: acme-ml$/m);
  });

  it('validates with 0 errors and 0 warnings, run as `slipway validate` runs', async () => {
    const dir = writeRepo(Object.fromEntries(files));
    const r = await runCli(['validate', '--repo', dir, '--format', 'json']);
    const out = JSON.parse(r.stdout) as { diagnostics: unknown[]; summary: { errors: number; warnings: number } };
    expect(out.diagnostics).toEqual([]);
    expect(out.summary).toMatchObject({ errors: 0, warnings: 0, files: 20 });
    expect(r.code).toBe(0);
  });

  it('serves the candidate version only in dev, the first environment', () => {
    const traffic = (env: string) => files.get(`environments/${env}/deployments/example-model.yaml`)!;
    expect(traffic('dev')).toMatch('{version: 1.1.0, percent: 100}');
    expect(traffic('staging')).toMatch('{version: 1.0.0, percent: 100}');
    expect(traffic('prod')).toMatch('{version: 1.0.0, percent: 100}');
    expect(files.get('models/example-model/model.yaml')).toMatch(/version: 1\.1\.0\n\s+status: candidate/);
  });

  it.each(['validate', 'gate', 'reconcile'])('workflow %s validates against the GitHub workflow schema', (name) => {
    const schema = JSON.parse(
      readFileSync(path.join(root, 'tests', 'fixtures', 'github-workflow.schema.json'), 'utf8'),
    ) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const text = files.get(`.github/workflows/${name}.yml`)!;
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(text).toMatch('npm install --global slipway@0.1.0');
  });

  it("gives the gate step the reconcile workflow's state store, for soak evidence from what was applied", () => {
    const steps = (
      parse(files.get('.github/workflows/gate.yml')!) as {
        jobs: { gate: { steps: Array<{ run?: string; env?: Record<string, string> }> } };
      }
    ).jobs.gate.steps;
    expect(steps.find((s) => s.run?.startsWith('slipway gate'))?.env).toEqual({
      GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
      SLIPWAY_STATE: '${{ secrets.SLIPWAY_STATE }}',
    });
    expect(files.get('.github/workflows/reconcile.yml')).toContain('SLIPWAY_STATE: ${{ secrets.SLIPWAY_STATE }}');
  });

  it('maps every configuration file to the schema of the kind it holds, for the editor and in the catalog', () => {
    const settings = JSON.parse(files.get('.vscode/settings.json')!) as { 'yaml.schemas': Record<string, string[]> };
    const catalog = JSON.parse(files.get('schemas/catalog.json')!) as {
      $schema: string;
      version: number;
      schemas: { name: string; description: string; fileMatch: string[]; url: string }[];
    };
    expect(files.get('schemas/catalog.json')).toMatch(/"version": 1\.0,/);
    expect(catalog.$schema).toBe('https://json.schemastore.org/schema-catalog.json');
    expect(catalog.schemas.map((s) => s.url)).toEqual(
      EDITOR_ORDER.map((k) => `https://slipway.dev/schemas/v1/${k}.schema.json`),
    );
    for (const [file, text] of files) {
      if (!/\.ya?ml$/.test(file) || file.startsWith('.github/')) continue;
      const kinds = new Set(parseAllDocuments(text).map((d) => (d.toJS() as { kind: Kind }).kind));
      expect(kinds.size, file).toBe(1);
      const [kind] = [...kinds] as [Kind];
      const editor = Object.entries(settings['yaml.schemas']).filter(([, globs]) =>
        globs.some((g) => globToRegExp(g).test(file)),
      );
      expect(
        editor.map(([schema]) => schema),
        file,
      ).toEqual([`./schemas/${kind.toLowerCase()}.schema.json`]);
      expect(files.has(editor[0]![0].slice(2))).toBe(true);
      const listed = catalog.schemas.filter((s) => s.fileMatch.some((g) => globToRegExp(g).test(file)));
      expect(
        listed.map((s) => s.url),
        file,
      ).toEqual([schemas.get(kind)!.$id]);
    }
  });

  it('refuses a name that is not a DNS label, with the problem as data', () => {
    const problem = (name: string, slipwayVersion: string): unknown => {
      try {
        scaffoldFiles({ name, slipwayVersion, schemas });
      } catch (e) {
        if (e instanceof ScaffoldError) return e.problem;
        throw e;
      }
      return undefined;
    };
    expect(problem('Acme ML', '0.1.0')).toEqual({ kind: 'invalid-name', name: 'Acme ML' });
    // The version lands in a workflow's shell line: only a version is accepted.
    expect(problem('acme', 'latest; rm -rf /')).toEqual({ kind: 'invalid-version', version: 'latest; rm -rf /' });
  });
});
