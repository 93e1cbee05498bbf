import { describe, expect, it } from 'vitest';
import { CONSUMERS, FRAUD_MODEL, diagnosticsOf, findings } from '../support/base-rules.js';
import { compareContracts } from '../../src/validate/contract.js';

const CONS = 'environments/dev/consumers.yaml';
const MODEL = 'models/fraud-detector/model.yaml';
const NEW_OUTPUT = '        output: {type: object, required: [score], properties: {score: {type: number}}}\n';

/** The fraud model with 1.1.0's contract replaced. */
function withSecondContract(input: string, output: string): string {
  const at = FRAUD_MODEL.lastIndexOf('      contract:');
  return `${FRAUD_MODEL.slice(0, at)}      contract:\n        input: ${input}\n        output: ${output}\n`;
}

describe('consumption', () => {
  it('consumer-range-unsatisfied: a live version outside a consumer range', async () => {
    const consumers = CONSUMERS.replace('contract: ^1.0.0', 'contract: ~1.0.0');
    expect(await findings({ [CONS]: consumers })).toEqual([
      ['consumer-range-unsatisfied', 'environments/dev/fraud-detector.yaml', 7],
    ]);
    const [d] = await diagnosticsOf('consumer-range-unsatisfied', { [CONS]: consumers });
    expect(d?.message).toBe(
      "live version 1.1.0 (90%) does not satisfy consumer `checkout`'s contract `~1.0.0` (environments/dev/consumers.yaml)",
    );
    expect(d?.path).toBe('/spec/traffic/0/version');
  });

  it('consumer-range-unsatisfied: passes when every live version is in range', async () => {
    const consumers = CONSUMERS.replace('contract: ^1.0.0', 'contract: ">=1.0.0 <1.2.0"');
    expect(await findings({ [CONS]: consumers })).toEqual([]);
  });

  it('invalid-semver-range: a contract that is not a range', async () => {
    const consumers = CONSUMERS.replace('contract: ^1.0.0', 'contract: version one');
    expect(await findings({ [CONS]: consumers })).toEqual([['invalid-semver-range', CONS, 7]]);
  });

  it('invalid-semver-range: passes for x-ranges', async () => {
    const consumers = CONSUMERS.replace('contract: ^1.0.0', 'contract: 1.x');
    expect(await findings({ [CONS]: consumers })).toEqual([]);
  });

  it('missing-contract: a live version used by a consumer has no contract (once, at the version)', async () => {
    const model = FRAUD_MODEL.slice(0, FRAUD_MODEL.lastIndexOf('      contract:'));
    expect(await findings({ [MODEL]: model })).toEqual([['missing-contract', MODEL, 15]]);
    const [d] = await diagnosticsOf('missing-contract', { [MODEL]: model });
    expect(d?.severity).toBe('warning');
  });

  it('missing-contract: passes when no consumer uses the deployment', async () => {
    const model = FRAUD_MODEL.slice(0, FRAUD_MODEL.lastIndexOf('      contract:'));
    const consumers = CONSUMERS.slice(CONSUMERS.indexOf('---\n') + 4);
    const access =
      'apiVersion: slipway.dev/v1\nkind: AccessPolicy\nmetadata: {name: access}\nspec:\n  rules:\n    - {effect: allow, subjects: [service:crm], actions: [read-output], resources: [deployment:churn]}\n';
    expect(
      await findings({
        [MODEL]: model,
        [CONS]: consumers,
        'environments/prod/consumers.yaml': consumers,
        'environments/dev/access.yaml': access,
        'environments/prod/access.yaml': access,
      }),
    ).toEqual([]);
  });

  it('contract-breaking-change: a removed output field within a major version', async () => {
    const model = withSecondContract(
      '{type: object, required: [amount], properties: {amount: {type: number}}}',
      '{type: object, properties: {risk: {type: number}}}',
    );
    expect(await findings({ [MODEL]: model })).toEqual([['contract-breaking-change', MODEL, 20]]);
    const ds = await diagnosticsOf('contract-breaking-change', { [MODEL]: model });
    expect(ds.map((d) => d.message)).toEqual([
      'version 1.1.0 breaks the contract of 1.0.0: output field `score` was removed',
    ]);
    expect(ds[0]?.hint).toBe('release this contract as a new major version (2.0.0), or keep it compatible with 1.0.0');
  });

  it('contract-breaking-change: a new required input field', async () => {
    const model = withSecondContract(
      '{type: object, required: [amount, country], properties: {amount: {type: number}, country: {type: string}}}',
      NEW_OUTPUT.trim().slice('output: '.length),
    );
    expect(await findings({ [MODEL]: model })).toEqual([['contract-breaking-change', MODEL, 19]]);
  });

  it('contract-breaking-change: passes for additive changes (new optional input, new output field)', async () => {
    const model = withSecondContract(
      '{type: object, required: [amount], properties: {amount: {type: number}, country: {type: string}}}',
      '{type: object, required: [score, band], properties: {score: {type: number}, band: {type: string}}}',
    );
    expect(await findings({ [MODEL]: model })).toEqual([]);
  });

  it('contract-breaking-change: passes across a major version', async () => {
    const model = withSecondContract('{type: object, required: [amount, country]}', '{type: object}').replace(
      'version: 1.1.0',
      'version: 2.0.0',
    );
    const r = await findings({ [MODEL]: model });
    expect(r.filter(([code]) => code === 'contract-breaking-change')).toEqual([]);
  });
});

describe('compareContracts', () => {
  const obj = (props: Record<string, unknown>, required: string[] = []) => ({
    type: 'object',
    required,
    properties: props,
  });

  it('reports a retyped output field and a narrowed input type', () => {
    const before = { input: obj({ amount: { type: 'number' } }), output: obj({ score: { type: 'number' } }) };
    const after = { input: obj({ amount: { type: 'integer' } }), output: obj({ score: { type: 'string' } }) };
    expect(compareContracts(before, after)).toEqual([
      {
        side: 'output',
        path: ['output', 'properties', 'score', 'type'],
        message: 'output field `score` changed type from number to string',
      },
      {
        side: 'input',
        path: ['input', 'properties', 'amount', 'type'],
        message: 'input field `amount` narrowed its type from number to integer',
      },
    ]);
  });

  it('allows an output narrowing and an input widening', () => {
    const before = { input: obj({ amount: { type: 'integer' } }), output: obj({ score: { type: 'number' } }) };
    const after = { input: obj({ amount: { type: 'number' } }), output: obj({ score: { type: 'integer' } }) };
    expect(compareContracts(before, after)).toEqual([]);
  });

  it('reports narrowed input enums and bounds, and widened output enums', () => {
    const before = {
      input: obj({ c: { type: 'string', enum: ['a', 'b'] }, n: { type: 'number', minimum: 0 } }),
      output: obj({ band: { type: 'string', enum: ['low', 'high'] } }),
    };
    const after = {
      input: obj({ c: { type: 'string', enum: ['a'] }, n: { type: 'number', minimum: 1 } }),
      output: obj({ band: { type: 'string', enum: ['low', 'high', 'mid'] } }),
    };
    expect(compareContracts(before, after).map((c) => c.message)).toEqual([
      'output field `band` may now return "mid", which callers do not expect',
      'input field `c` no longer accepts "b"',
      'input field `n` narrowed `minimum` from 0 to 1',
    ]);
  });

  it('compares nested objects and tolerates odd schemas', () => {
    const before = { output: obj({ detail: obj({ reason: { type: 'string' } }) }) };
    const after = { output: obj({ detail: obj({}) }) };
    expect(compareContracts(before, after).map((c) => c.message)).toEqual(['output field `detail.reason` was removed']);
    expect(compareContracts({ input: { properties: 3 } } as never, { input: { required: 'x' } } as never)).toEqual([]);
    expect(compareContracts(undefined, { output: obj({}) })).toEqual([]);
  });
});

describe('invalid-contract-schema', () => {
  const MODEL_FILE = 'models/fraud-detector/model.yaml';
  const second = (input: string): string => {
    const at = FRAUD_MODEL.lastIndexOf('      contract:');
    return `${FRAUD_MODEL.slice(0, at)}      contract:\n        input: ${input}\n${NEW_OUTPUT}`;
  };

  it('a contract side that is not a JSON Schema', async () => {
    const model = second('{type: object, required: amount, properties: {amount: {type: number, minimum: "0"}}}');
    expect(await findings({ [MODEL_FILE]: model })).toEqual([
      ['invalid-contract-schema', MODEL_FILE, 19],
      ['invalid-contract-schema', MODEL_FILE, 19],
    ]);
    const ds = await diagnosticsOf('invalid-contract-schema', { [MODEL_FILE]: model });
    expect(ds.map((d) => [d.message, d.path])).toEqual([
      [
        'the input contract of 1.1.0 is not a valid JSON Schema: `required` must be array; got `amount`',
        '/spec/versions/1/contract/input/required',
      ],
      [
        'the input contract of 1.1.0 is not a valid JSON Schema: `properties.amount.minimum` must be number; got `0`',
        '/spec/versions/1/contract/input/properties/amount/minimum',
      ],
    ]);
  });

  it('a misspelt type gets a did-you-mean hint', async () => {
    const model = FRAUD_MODEL.replaceAll(
      'output: {type: object, required: [score], properties: {score: {type: number}}}',
      'output: {type: objet}',
    );
    const ds = await diagnosticsOf('invalid-contract-schema', { [MODEL_FILE]: model });
    expect(ds.map((d) => [d.line, d.hint])).toEqual([
      [14, 'did you mean `object`?'],
      [20, 'did you mean `object`?'],
    ]);
  });

  it('passes for valid schemas with type lists and bounds', async () => {
    const model = second("{type: object, required: [amount], properties: {amount: {type: [number, 'null']}}}");
    expect(await findings({ [MODEL_FILE]: model })).toEqual([]);
  });
});
