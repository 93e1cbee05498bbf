import { describe, expect, it } from 'vitest';
import { CHURN_DEPLOYMENT, DATA_SOURCES, ERROR_POLICY, diagnosticsOf, findings } from '../support/base-rules.js';

const CHURN = 'environments/dev/churn.yaml';
const FRAUD = 'environments/dev/fraud-detector.yaml';
const DATA = 'environments/dev/data.yaml';
const POLICY = 'environments/dev/error-policy.yaml';
/** churn also reads `transactions` (pii) and writes to `churn-scores` (internal). */
const churnReadsPii = CHURN_DEPLOYMENT.replace('inputs: [customers]', 'inputs: [customers, transactions]');
/** `churn-scores` with `derivedFrom` (the last line of the file). */
const scoresDerived = (derivedFrom: string): string => `${DATA_SOURCES}  derivedFrom: ${derivedFrom}\n`;

describe('pii flow', () => {
  it('pii-to-less-protected-sink: a batch deployment reading pii writes to an internal source', async () => {
    expect(await findings({ [CHURN]: churnReadsPii })).toEqual([['pii-to-less-protected-sink', CHURN, 9]]);
    const [d] = await diagnosticsOf('pii-to-less-protected-sink', { [CHURN]: churnReadsPii });
    expect(d?.message).toBe(
      'deployment `churn` reads pii (`transactions`) and writes its output to `churn-scores`, classified internal: personal data would land in a less protected source',
    );
    expect(d?.hint).toBe(
      'classify `churn-scores` (environments/dev/data.yaml) `confidential` or `pii`, or write to a source that is; or, if `churn` removes the personal data, declare it on `churn-scores`: `derivedFrom: {sources: [transactions], anonymised: true, method: aggregation}`',
    );
    expect(d?.path).toBe('/spec/output/dataSource');
  });

  it('pii-to-less-protected-sink: derivedFrom that is not anonymised, or not from that input, does not cover it', async () => {
    expect(
      await findings({ [CHURN]: churnReadsPii, [DATA]: scoresDerived('{sources: [transactions], anonymised: false}') }),
    ).toEqual([['pii-to-less-protected-sink', CHURN, 9]]);
    const other = { [CHURN]: churnReadsPii, [DATA]: scoresDerived('{sources: [customers], anonymised: true}') };
    expect(await findings(other)).toEqual([['pii-to-less-protected-sink', CHURN, 9]]);
    const [d] = await diagnosticsOf('pii-to-less-protected-sink', other);
    expect(d?.message).toBe(
      'deployment `churn` reads pii (`transactions`) and writes its output to `churn-scores`, classified internal: personal data would land in a less protected source; `churn-scores` is declared anonymised from `customers` only, not from `transactions`',
    );
  });

  it('pii-to-less-protected-sink: the error policy of a deployment reading pii dead-letters to an internal source', async () => {
    const policy = `${ERROR_POLICY}  deadLetter: {dataSource: customers}\n`;
    // churn uses the same policy but reads no pii: only fraud-detector is reported.
    expect(await findings({ [POLICY]: policy })).toEqual([['pii-to-less-protected-sink', FRAUD, 12]]);
    const [d] = await diagnosticsOf('pii-to-less-protected-sink', { [POLICY]: policy });
    expect(d?.message).toBe(
      'deployment `fraud-detector` reads pii (`transactions`) and its error policy `strict` sends failed requests to the dead letter `customers`, classified internal: personal data would land in a less protected source',
    );
    expect(d?.path).toBe('/spec/errorPolicy');
  });

  it('pii-to-less-protected-sink: passes for an anonymised derived output and a confidential dead letter', async () => {
    const data = scoresDerived('{sources: [customers, transactions], anonymised: true, method: aggregation}').replace(
      'classification: internal\n---',
      'classification: confidential\n---',
    );
    const policy = `${ERROR_POLICY}  deadLetter: {dataSource: customers}\n`;
    expect(await findings({ [CHURN]: churnReadsPii, [DATA]: data, [POLICY]: policy })).toEqual([]);
  });

  it('unknown-data-source: derivedFrom names a source the environment lacks', async () => {
    const data = scoresDerived('{sources: [transaction], anonymised: true}');
    expect(await findings({ [DATA]: data })).toEqual([['unknown-data-source', DATA, 32]]);
  });

  it('schema: derivedFrom needs sources, and a known method', async () => {
    const data = scoresDerived('{anonymised: true, method: pseudonymisation}');
    expect((await findings({ [DATA]: data })).map(([code]) => code).sort()).toEqual(['schema-enum', 'schema-required']);
  });
});
