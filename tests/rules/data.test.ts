import { describe, expect, it } from 'vitest';
import { DATA_SOURCES, PROD_ENVIRONMENT, diagnosticsOf, findings } from '../support/base-rules.js';

const FILE = 'environments/dev/events.yaml';
const PROD_DATA = 'environments/prod/data.yaml';

/** A source with a schema (lines: 12-14 columns, 15 freshness, 16 refresh, 17 dedup, 19-20 quality). */
const EVENTS = `apiVersion: slipway.dev/v1
kind: DataSource
metadata: {name: events}
spec:
  type: warehouse
  engine: postgres
  location: {table: analytics.events}
  owner: team:platform
  classification: internal
  schema:
    columns:
      - {name: event_id, type: string, nullable: false}
      - {name: amount, type: number}
      - {name: updated_at, type: timestamp, nullable: false}
  freshness: {maxAge: 6h, column: updated_at}
  refresh: {schedule: "0 * * * *"}
  dedup: {keys: [event_id]}
  quality:
    - {check: notNull, column: amount}
    - {check: range, column: amount, min: 0}
`;
const events = (...edits: Array<[string, string]>): string =>
  edits.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`fixture has no ${from}`);
    return text.replace(from, to);
  }, EVENTS);
const quality = (line: string): string => events(['    - {check: range, column: amount, min: 0}\n', `${line}\n`]);

describe('data collection', () => {
  it('passes for a source whose checks name declared columns and carry their parameters', async () => {
    expect(await findings({ [FILE]: EVENTS })).toEqual([]);
  });

  it('unknown-column: freshness column, dedup key and quality column missing from the schema', async () => {
    const text = events(
      ['column: updated_at}', 'column: updatedat}'],
      ['keys: [event_id]', 'keys: [event_id, session]'],
      ['{check: notNull, column: amount}', '{check: notNull, column: amout}'],
    );
    expect(await findings({ [FILE]: text })).toEqual([
      ['unknown-column', FILE, 15],
      ['unknown-column', FILE, 17],
      ['unknown-column', FILE, 19],
    ]);
    const ds = await diagnosticsOf('unknown-column', { [FILE]: text });
    expect(ds.map((d) => [d.message, d.hint, d.column])).toEqual([
      [
        'freshness column `updatedat` is not a column in the schema of data source `events`',
        'did you mean `updated_at`?',
        35,
      ],
      [
        'dedup key `session` is not a column in the schema of data source `events`',
        'add it to spec.schema.columns, or use one of `event_id`, `amount` and `updated_at`',
        28,
      ],
      [
        '`notNull` check column `amout` is not a column in the schema of data source `events`',
        'did you mean `amount`?',
        32,
      ],
    ]);
  });

  it('unknown-column: nothing to compare when the source declares no schema', async () => {
    const text = events(['column: updated_at}', 'column: anything}']).replace(/ {2}schema:\n( {4}.*\n| {6}.*\n)+/, '');
    expect(await findings({ [FILE]: text })).toEqual([]);
  });

  it('freshness-below-refresh: maxAge shorter than the longest gap of the refresh schedule', async () => {
    const text = events(['refresh: {schedule: "0 * * * *"}', 'refresh: {schedule: "0 2 * * 1-5"}']);
    expect(await findings({ [FILE]: text })).toEqual([['freshness-below-refresh', FILE, 15]]);
    const [d] = await diagnosticsOf('freshness-below-refresh', { [FILE]: text });
    // Friday 02:00 to Monday 02:00: the weekend is the longest gap, not the daily one.
    expect(d?.message).toBe(
      'freshness.maxAge 6h is shorter than the longest gap between refreshes of `0 2 * * 1-5` (3d): the data goes stale before each refresh',
    );
    expect(d?.severity).toBe('warning');
    expect(d?.hint).toBe('raise maxAge to at least 3d, or refresh more often');
  });

  it('freshness-below-refresh: passes when maxAge covers the gap exactly', async () => {
    const text = events(['maxAge: 6h', 'maxAge: 60m']);
    expect(await findings({ [FILE]: text })).toEqual([]);
  });

  it('missing-freshness: an input without freshness or refresh where the environment requires them', async () => {
    const env = PROD_ENVIRONMENT.replace(
      'requires: {errorPolicy: true, fallback: true}',
      'requires: {freshness: true}',
    );
    expect(await findings({ 'environments/prod/environment.yaml': env })).toEqual([
      ['missing-freshness', PROD_DATA, 5],
      ['missing-freshness', PROD_DATA, 17],
    ]);
    const ds = await diagnosticsOf('missing-freshness', { 'environments/prod/environment.yaml': env });
    expect(ds.map((d) => d.message)).toEqual([
      'data source `transactions` is read by deployment `fraud-detector` but declares no `freshness`; environment `prod` requires both on every input (environments/prod/environment.yaml)',
      'data source `customers` is read by deployment `churn` but declares no `freshness` or `refresh`; environment `prod` requires both on every input (environments/prod/environment.yaml)',
    ]);
  });

  it('missing-freshness: passes once every input declares both, and sources nobody reads need neither', async () => {
    const env = PROD_ENVIRONMENT.replace(
      'requires: {errorPolicy: true, fallback: true}',
      'requires: {freshness: true}',
    );
    const fresh = '  freshness: {maxAge: 1h}\n  refresh: {schedule: "*/30 * * * *"}\n';
    const data = DATA_SOURCES.replace('  refresh: {schedule: "*/30 * * * *"}\n', fresh).replace(
      '  classification: internal\n---',
      `  classification: internal\n${fresh}---`,
    );
    expect(await findings({ 'environments/prod/environment.yaml': env, [PROD_DATA]: data })).toEqual([]);
  });

  it('batch-input-missing-column: a required contract field no input source has', async () => {
    const data = DATA_SOURCES.replace(
      '  location: {table: analytics.customers}\n',
      '  location: {table: analytics.customers}\n  schema: {columns: [{name: customer_id, type: string}, {name: amont, type: number}]}\n',
    );
    const files = { 'environments/dev/data.yaml': data };
    expect(await findings(files)).toEqual([['batch-input-missing-column', 'environments/dev/churn.yaml', 10]]);
    const [d] = await diagnosticsOf('batch-input-missing-column', files);
    expect(d?.message).toBe(
      'required input field `amount` of model `churn` 2.0.0 is not a column of its input `customers`',
    );
    expect(d?.hint).toBe('did you mean `amont`?');
    expect(d?.severity).toBe('warning');
  });

  it('batch-input-missing-column: passes when an input has the column', async () => {
    const data = DATA_SOURCES.replace(
      '  location: {table: analytics.customers}\n',
      '  location: {table: analytics.customers}\n  schema: {columns: [{name: amount, type: number}]}\n',
    );
    expect(await findings({ 'environments/dev/data.yaml': data })).toEqual([]);
  });

  it('invalid-quality-check: range without bounds, and bounds the wrong way round', async () => {
    expect(await findings({ [FILE]: quality('    - {check: range, column: amount}') })).toEqual([
      ['invalid-quality-check', FILE, 20],
    ]);
    const [d] = await diagnosticsOf('invalid-quality-check', {
      [FILE]: quality('    - {check: rowCount, min: 10, max: 1}'),
    });
    expect(d?.message).toBe('a `rowCount` check has min 10 above max 1, so it can never pass');
    expect(d?.column).toBe(30);
  });

  it('invalid-quality-check: a regex that does not compile, and one without a pattern', async () => {
    const [d] = await diagnosticsOf('invalid-quality-check', {
      [FILE]: quality('    - {check: regex, column: amount, pattern: "[A-Z"}'),
    });
    expect([d?.line, d?.column, d?.message]).toEqual([
      20,
      47,
      'regex `[A-Z` does not compile: /[A-Z/: Unterminated character class',
    ]);
    const [e] = await diagnosticsOf('invalid-quality-check', {
      [FILE]: quality('    - {check: regex, column: amount}'),
    });
    expect(e?.message).toBe('a `regex` check has no `pattern`');
  });

  it('invalid-quality-check: accepted without values, parameters a check does not take, a column missing', async () => {
    const text = events(
      ['{check: notNull, column: amount}', '{check: notNull, column: amount, min: 1, pattern: x}'],
      ['{check: range, column: amount, min: 0}', '{check: accepted, column: amount, values: []}'],
    ).replace('  quality:\n', '  quality:\n    - {check: unique}\n');
    expect(await findings({ [FILE]: text })).toEqual([
      ['invalid-quality-check', FILE, 19],
      ['invalid-quality-check', FILE, 20],
      ['invalid-quality-check', FILE, 21],
    ]);
    const ds = await diagnosticsOf('invalid-quality-check', { [FILE]: text });
    expect(ds.map((d) => [d.message, d.hint])).toEqual([
      ['a `unique` check names no `column`', 'add `column:` with the column to check'],
      ['a `notNull` check does not take `min` and `pattern`', 'remove `min` and `pattern`; `notNull` takes `column`'],
      [
        'an `accepted` check has no `values`, so every value would fail',
        'add `values: [...]` with the accepted values',
      ],
    ]);
  });

  it('invalid-quality-check: every check with exactly its parameters passes', async () => {
    const text = events([
      '    - {check: range, column: amount, min: 0}\n',
      [
        '    - {check: range, column: amount, min: 0, max: 10}',
        '    - {check: unique, column: event_id}',
        '    - {check: regex, column: event_id, pattern: "^[a-z0-9-]+$"}',
        '    - {check: accepted, column: event_id, values: [a, 1, true]}',
        '    - {check: rowCount, min: 1}',
        '',
      ].join('\n'),
    ]);
    expect(await findings({ [FILE]: text })).toEqual([]);
  });
});
