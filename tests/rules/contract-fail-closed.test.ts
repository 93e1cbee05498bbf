import { describe, expect, it } from 'vitest';
import { compareContracts, type BreakingChange } from '../../src/validate/contract.js';
import { FRAUD_MODEL, diagnosticsOf, findings } from '../support/base-rules.js';

type S = Record<string, unknown>;
const obj = (properties: S, required: string[] = [], more: S = {}): S => ({
  type: 'object',
  required,
  properties,
  ...more,
});
const BASE_IN = obj({ amount: { type: 'number' }, country: { type: 'string' } }, ['amount']);
const BASE_OUT = obj({ score: { type: 'number', minimum: 0, maximum: 1 } }, ['score']);

/** Compares `before` → `after` on one side, the other side unchanged. */
const input = (before: S, after: S): BreakingChange[] =>
  compareContracts({ input: before, output: BASE_OUT } as never, { input: after, output: BASE_OUT } as never);
const output = (before: S, after: S): BreakingChange[] =>
  compareContracts({ input: BASE_IN, output: before } as never, { input: BASE_IN, output: after } as never);
const brief = (changes: BreakingChange[]): Array<[string, string]> => changes.map((c) => [c.path.join('/'), c.message]);

/** Each case: a change Slipway cannot prove safe (a break) and its safe counterpart (no break). */
const INPUT_CASES: Array<{
  name: string;
  before?: S;
  breaks: S;
  expect: Array<[string, string]>;
  safe: S;
  safeBefore?: S;
}> = [
  {
    name: 'a new required input through allOf',
    breaks: { ...BASE_IN, allOf: [{ required: ['country'] }] },
    expect: [['input/allOf/0/required/0', 'input field `country` is newly required; existing callers do not send it']],
    safe: { ...BASE_IN, allOf: [{ required: ['amount'] }] },
  },
  {
    name: 'a new anyOf',
    breaks: { ...BASE_IN, anyOf: [{ required: ['country'] }, { required: ['iban'] }] },
    expect: [
      [
        'input/anyOf',
        'input changed `anyOf` from none to `[{"required":["country"]},{"required":["iban"]}]`, which may refuse what callers send (Slipway cannot prove it compatible)',
      ],
    ],
    safe: { ...BASE_IN, anyOf: [{ required: ['amount'] }, { required: ['iban'] }] },
  },
  {
    name: 'a new oneOf',
    breaks: { ...BASE_IN, oneOf: [{ required: ['amount'] }, { required: ['country'] }] },
    expect: [
      [
        'input/oneOf',
        'input changed `oneOf` from none to `[{"required":["amount"]},{"required":["country"]}]`, which may refuse what callers send (Slipway cannot prove it compatible)',
      ],
    ],
    safeBefore: { ...BASE_IN, oneOf: [{ required: ['amount'] }, { required: ['country'] }] },
    safe: { ...BASE_IN, oneOf: [{ required: ['amount'] }, { required: ['country'] }], description: 'reworded' },
  },
  {
    name: 'a new if/then',
    breaks: { ...BASE_IN, if: { required: ['country'] }, then: { required: ['zip'] } },
    expect: [
      [
        'input/then',
        'input changed `if/then` from none to `{"required":["zip"]}`, which may refuse what callers send (Slipway cannot prove it compatible)',
      ],
    ],
    safe: { ...BASE_IN, if: { required: ['country'] }, then: { required: ['amount'] } },
  },
  {
    name: 'dependentRequired',
    breaks: { ...BASE_IN, dependentRequired: { country: ['zip'] } },
    expect: [
      [
        'input/dependentRequired/country',
        'input field `zip` is newly required when `country` is sent (`dependentRequired`); existing callers do not send it',
      ],
    ],
    safe: { ...BASE_IN, dependentRequired: { country: ['amount'] } },
  },
  {
    name: 'minProperties',
    breaks: { ...BASE_IN, minProperties: 2 },
    expect: [['input/minProperties', 'input narrowed `minProperties` from none to 2']],
    safe: { ...BASE_IN, minProperties: 1 },
  },
  {
    name: 'a field made unsatisfiable with not',
    breaks: obj({ amount: { type: 'number', not: {} }, country: { type: 'string' } }, ['amount']),
    expect: [
      [
        'input/properties/amount/not',
        'input field `amount` changed `not` from none to `{}`, which may refuse what callers send (Slipway cannot prove it compatible)',
      ],
    ],
    safeBefore: obj({ amount: { type: 'number', not: { const: 0 } } }, ['amount']),
    safe: obj({ amount: { type: 'number', not: { const: 0 } } }, ['amount']),
  },
  {
    name: 'additionalProperties: false',
    breaks: { ...BASE_IN, additionalProperties: false },
    expect: [
      [
        'input/additionalProperties',
        'input now refuses fields it does not declare (`additionalProperties: false`), which callers may send',
      ],
    ],
    safeBefore: { ...BASE_IN, additionalProperties: false },
    safe: {
      ...BASE_IN,
      additionalProperties: false,
      properties: { ...(BASE_IN.properties as S), iban: { type: 'string' } },
    },
  },
  {
    name: 'a narrower pattern',
    breaks: obj({ amount: { type: 'number' }, country: { type: 'string', pattern: '^[A-Z]{2}$' } }, ['amount']),
    expect: [
      [
        'input/properties/country/pattern',
        'input field `country` changed `pattern` from none to `"^[A-Z]{2}$"`, which may refuse what callers send',
      ],
    ],
    safeBefore: obj({ country: { type: 'string', pattern: '^[A-Z]{2}$' } }),
    safe: obj({ country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166' } }),
  },
  {
    name: 'a narrower enum',
    breaks: obj({ amount: { type: 'number' }, country: { type: 'string', enum: ['FR'] } }, ['amount']),
    expect: [['input/properties/country/enum', 'input field `country` no longer accepts (any value)']],
    safeBefore: obj({ country: { enum: ['FR', 'DE'] } }),
    safe: obj({ country: { type: 'string', enum: ['FR', 'DE', 'IT'] } }),
  },
  {
    name: 'a new format',
    breaks: obj({ amount: { type: 'number' }, country: { type: 'string', format: 'email' } }, ['amount']),
    expect: [
      [
        'input/properties/country/format',
        'input field `country` changed `format` from none to `"email"`, which may refuse what callers send',
      ],
    ],
    safeBefore: obj({ country: { type: 'string', format: 'email' } }),
    safe: obj({ country: { type: 'string' } }),
  },
  {
    name: 'minLength and maxLength',
    breaks: obj({ amount: { type: 'number' }, country: { type: 'string', minLength: 2, maxLength: 2 } }, ['amount']),
    expect: [
      ['input/properties/country/minLength', 'input field `country` narrowed `minLength` from none to 2'],
      ['input/properties/country/maxLength', 'input field `country` narrowed `maxLength` from none to 2'],
    ],
    safeBefore: obj({ country: { type: 'string', minLength: 2, maxLength: 2 } }),
    safe: obj({ country: { type: 'string', minLength: 1, maxLength: 3 } }),
  },
  {
    name: 'minimum and maximum',
    breaks: obj({ amount: { type: 'number', exclusiveMinimum: 0, maximum: 1e6 }, country: { type: 'string' } }, [
      'amount',
    ]),
    expect: [
      ['input/properties/amount/exclusiveMinimum', 'input field `amount` narrowed `exclusiveMinimum` from none to 0'],
      ['input/properties/amount/maximum', 'input field `amount` narrowed `maximum` from none to 1000000'],
    ],
    safeBefore: obj({ amount: { type: 'number', exclusiveMinimum: 0, maximum: 100 } }, ['amount']),
    safe: obj({ amount: { type: 'number', minimum: 0, exclusiveMaximum: 1000 } }, ['amount']),
  },
  {
    name: 'changed array items',
    before: obj({ tags: { type: 'array', items: { type: 'string' } } }),
    breaks: obj({ tags: { type: 'array', items: { type: 'integer' } } }),
    expect: [['input/properties/tags/items/type', 'input field `tags[]` narrowed its type from string to integer']],
    safeBefore: obj({ tags: { type: 'array', items: { type: 'string' } } }),
    safe: obj({ tags: { type: 'array', items: { type: ['string', 'null'] } } }),
  },
  {
    name: 'a tuple of items',
    before: obj({ pair: { type: 'array', items: [{ type: 'number' }] } }),
    breaks: obj({ pair: { type: 'array', items: [{ type: 'number' }, { type: 'number' }] } }),
    expect: [
      [
        'input/properties/pair/items',
        'input field `pair` changed `items` from `[{"type":"number"}]` to `[{"type":"number"},{"type":"number"}]`, which may refuse what callers send (Slipway cannot prove it compatible)',
      ],
    ],
    safeBefore: obj({ pair: { type: 'array', items: [{ type: 'number' }] } }),
    safe: obj({ pair: { type: 'array', items: [{ type: 'number' }] } }),
  },
  {
    name: 'a keyword Slipway does not know',
    breaks: { ...BASE_IN, unevaluatedProperties: false },
    expect: [
      [
        'input/unevaluatedProperties',
        'input changed `unevaluatedProperties` from none to `false`, which may refuse what callers send (Slipway cannot prove it compatible)',
      ],
    ],
    safe: { ...BASE_IN, title: 'Transaction', examples: [{ amount: 3 }] },
  },
  {
    name: 'a $ref to a stricter definition',
    breaks: {
      ...BASE_IN,
      properties: { amount: { $ref: '#/definitions/money' } },
      definitions: { money: { type: 'integer' } },
    },
    expect: [['input/properties/amount/$ref/type', 'input field `amount` narrowed its type from number to integer']],
    safeBefore: {
      ...BASE_IN,
      properties: { amount: { $ref: '#/definitions/money' } },
      definitions: { money: { type: 'number' } },
    },
    safe: {
      ...BASE_IN,
      properties: { amount: { $ref: '#/definitions/money' } },
      definitions: { money: { type: 'number' } },
    },
  },
];

describe('compareContracts fails closed: input', () => {
  it.each(INPUT_CASES)('$name is a break, with its keyword and path', ({ before, breaks, expect: expected }) => {
    expect(brief(input(before ?? BASE_IN, breaks))).toEqual(expected);
  });

  it.each(INPUT_CASES)('$name: the safe counterpart is no break', ({ safe, safeBefore }) => {
    expect(brief(input(safeBefore ?? BASE_IN, safe))).toEqual([]);
  });

  it('keeps the proofs that work: a new optional input, a widened enum, type or bound, an enum becoming a range', () => {
    expect(
      input(BASE_IN, { ...BASE_IN, properties: { ...(BASE_IN.properties as S), iban: { type: 'string' } } }),
    ).toEqual([]);
    expect(input(obj({ c: { enum: ['a', 'b'] } }), obj({ c: { enum: ['a', 'b', 'c'] } }))).toEqual([]);
    expect(input(obj({ n: { type: 'integer' } }), obj({ n: { type: 'number' } }))).toEqual([]);
    expect(input(obj({ n: { enum: [1, 2, 3] } }), obj({ n: { type: 'integer', minimum: 0, maximum: 10 } }))).toEqual(
      [],
    );
    expect(input(obj({ n: { type: 'number', minimum: 1 } }), obj({ n: { type: 'number', minimum: 0 } }))).toEqual([]);
    expect(input(BASE_IN, { ...BASE_IN, required: [] })).toEqual([]);
  });

  it('a new input contract where there was none must accept anything', () => {
    expect(
      brief(compareContracts({ output: BASE_OUT } as never, { input: BASE_IN, output: BASE_OUT } as never)),
    ).toEqual([['input/type', 'input narrowed its type from any to object']]);
  });

  it('nested alternatives cannot make the comparison exponential: past its budget it is a break', () => {
    // Each level refers twice to itself: following every branch would take 2^16 steps.
    const a = { $ref: '#/definitions/a' };
    const after = { ...obj({ x: a }), definitions: { a: { anyOf: [a, { ...a }, { type: 'string' }] } } };
    const changes = input(obj({ x: { type: 'boolean' } }), after);
    expect(brief(changes)).toEqual([
      [
        'input/properties/x/$ref/anyOf',
        'input field `x` changed `anyOf` from none to `[{"$ref":"#/definitions/a"},{"$ref":"#/definitions/a"},{"type":"…`, which may refuse what callers send (Slipway cannot prove it compatible)',
      ],
    ]);
    // Self-references in allOf: every branch must be followed, so the work stops at the budget (or
    // at the depth limit of references), and the findings are few.
    const all = { ...obj({ x: a }), definitions: { a: { allOf: [a, { ...a }] } } };
    const found = input(obj({ x: { type: 'boolean' } }), all);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(50);
    for (const f of found) expect(f.message).toMatch(/Slipway cannot prove it compatible/);
  });

  it('a $ref written alike on both sides is compared through what it points at', () => {
    const money = (type: string): S => ({
      ...obj({ amount: { $ref: '#/definitions/money' }, fee: { anyOf: [{ $ref: '#/definitions/money' }] } }),
      definitions: { money: { type } },
    });
    expect(brief(input(money('number'), money('integer')))).toEqual([
      ['input/properties/amount/$ref/type', 'input field `amount` narrowed its type from number to integer'],
      [
        'input/properties/fee/anyOf',
        'input field `fee` changed `anyOf` from `[{"$ref":"#/definitions/money"}]` to `[{"$ref":"#/definitions/money"}]`, which may refuse what callers send (Slipway cannot prove it compatible)',
      ],
    ]);
    expect(input(money('integer'), money('number'))).toEqual([]);
    const self = (max: number): S => ({
      type: 'object',
      properties: { n: { type: 'number', maximum: max }, next: { $ref: '#' } },
    });
    expect(brief(input(self(10), self(5)))).toEqual(
      [['input/properties/n/maximum', 'input field `n` narrowed `maximum` from 10 to 5']].concat([]),
    );
  });

  it('large contracts are compared in time proportional to their size', () => {
    const wide = obj(Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`f${i}`, { type: 'number' }])));
    const wider = { ...wide, properties: { ...(wide.properties as S), f1: { type: 'integer' } } };
    expect(input(wide, { ...wide })).toEqual([]);
    expect(brief(input(wide, wider))).toEqual([
      ['input/properties/f1/type', 'input field `f1` narrowed its type from number to integer'],
    ]);
  });
});

describe('compareContracts fails closed: output', () => {
  it('output bounds dropped or widened are breaks; narrowed ones are not', () => {
    expect(brief(output(BASE_OUT, obj({ score: { type: 'number', minimum: 0 } }, ['score'])))).toEqual([
      ['output/properties/score/maximum', 'output field `score` widened `maximum` from 1 to none'],
    ]);
    expect(brief(output(BASE_OUT, obj({ score: { type: 'number', minimum: -1, maximum: 100 } }, ['score'])))).toEqual([
      ['output/properties/score/minimum', 'output field `score` widened `minimum` from 0 to -1'],
      ['output/properties/score/maximum', 'output field `score` widened `maximum` from 1 to 100'],
    ]);
    expect(output(BASE_OUT, obj({ score: { type: 'number', minimum: 0.1, exclusiveMaximum: 1 } }, ['score']))).toEqual(
      [],
    );
  });

  it('a narrowed output enum or type is safe; a dropped output pattern, format or additionalProperties is not', () => {
    expect(output(obj({ band: { enum: ['low', 'high'] } }), obj({ band: { enum: ['low'] } }))).toEqual([]);
    expect(output(obj({ n: { type: 'number' } }), obj({ n: { type: 'integer' } }))).toEqual([]);
    expect(
      brief(output(obj({ id: { type: 'string', pattern: '^[a-z]+$' } }), obj({ id: { type: 'string' } }))),
    ).toEqual([
      [
        'output/properties/id/pattern',
        'output field `id` changed `pattern` from `"^[a-z]+$"` to none, which may return what callers do not expect',
      ],
    ]);
    expect(
      brief(
        output(
          obj({ id: { type: 'string' } }, [], { additionalProperties: false }),
          obj({ id: { type: 'string' }, x: {} }),
        ),
      ),
    ).toEqual([
      [
        'output/additionalProperties',
        'output may now return fields the previous contract refused (`additionalProperties` dropped)',
      ],
    ]);
    expect(brief(compareContracts({ output: BASE_OUT } as never, {} as never))).toEqual([
      ['output', 'the output contract was removed, so callers cannot rely on anything'],
    ]);
  });
});

describe('contract-breaking-change on a real repository', () => {
  const MODEL = 'models/fraud-detector/model.yaml';
  const withContract = (version: string, input: string): string => {
    const at = FRAUD_MODEL.lastIndexOf('      contract:');
    return `${FRAUD_MODEL.slice(0, at).replace('version: 1.1.0', `version: ${version}`)}      contract:
        input: ${input}
        output: {type: object, required: [score], properties: {score: {type: number}}}
`;
  };
  const breaks = async (model: string) =>
    (await findings({ [MODEL]: model })).filter(([code]) => code === 'contract-breaking-change');
  const ALL_OF =
    '{type: object, required: [amount], properties: {amount: {type: number}}, allOf: [{required: [country]}]}';

  it('a minor version adding a required input through allOf is reported at the keyword', async () => {
    const model = withContract('1.1.0', ALL_OF);
    expect(await findings({ [MODEL]: model })).toEqual([['contract-breaking-change', MODEL, 19]]);
    const [d] = await diagnosticsOf('contract-breaking-change', { [MODEL]: model });
    expect(d?.message).toBe(
      'version 1.1.0 breaks the contract of 1.0.0: input field `country` is newly required; existing callers do not send it',
    );
    expect(d?.path).toBe('/spec/versions/1/contract/input/allOf/0/required/0');
  });

  it('the same change as a major version passes', async () => {
    expect(await breaks(withContract('2.0.0', ALL_OF))).toEqual([]);
  });

  it('0.x: a new minor is a major; a new patch is not', async () => {
    const zero = (v2: string) => withContract(v2, ALL_OF).replace('version: 1.0.0', 'version: 0.3.0');
    expect(await breaks(zero('0.4.0'))).toEqual([]);
    expect(await breaks(zero('0.3.1'))).toEqual([['contract-breaking-change', MODEL, 19]]);
  });
});
