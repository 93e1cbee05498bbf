import { describe, expect, it } from 'vitest';
import { FRAUD_DEPLOYMENT, findings } from '../support/base-rules.js';

/** A data source file whose third line never closes its flow mapping. */
const BROKEN = 'apiVersion: slipway.dev/v1\nkind: DataSource\nmetadata: {name: transactions\n';

describe('one mistake, one finding', () => {
  it('a data source file that fails to parse does not make its data sources unknown', async () => {
    expect(await findings({ 'environments/prod/data.yaml': BROKEN })).toEqual([
      ['yaml-syntax', 'environments/prod/data.yaml', 3],
    ]);
  });

  it('an access policy file that fails to parse does not deny every consumer', async () => {
    expect(await findings({ 'environments/prod/access.yaml': BROKEN.replace('DataSource', 'AccessPolicy') })).toEqual([
      ['yaml-syntax', 'environments/prod/access.yaml', 3],
    ]);
  });

  it('a consumers file that fails to parse does not make the access rules name unknown subjects', async () => {
    expect(await findings({ 'environments/dev/consumers.yaml': BROKEN.replace('DataSource', 'Consumer') })).toEqual([
      ['yaml-syntax', 'environments/dev/consumers.yaml', 3],
    ]);
  });

  it('a model file that fails to parse does not make the model unknown in every environment', async () => {
    expect(await findings({ 'models/fraud-detector/model.yaml': BROKEN.replace('DataSource', 'Model') })).toEqual([
      ['yaml-syntax', 'models/fraud-detector/model.yaml', 3],
    ]);
  });

  it('stays within the scope: a broken file in dev hides nothing in prod', async () => {
    expect(
      await findings({
        'environments/dev/data.yaml': BROKEN,
        'environments/prod/fraud-detector.yaml': FRAUD_DEPLOYMENT.replace(
          'inputs: [transactions]',
          'inputs: [transaktions]',
        ),
      }),
    ).toEqual([
      ['yaml-syntax', 'environments/dev/data.yaml', 3],
      ['unknown-data-source', 'environments/prod/fraud-detector.yaml', 11],
    ]);
  });

  it('an empty file declared nothing: references into its scope are still checked', async () => {
    expect(
      await findings({
        'environments/prod/notes.yaml': '# nothing yet\n',
        'environments/prod/fraud-detector.yaml': FRAUD_DEPLOYMENT.replace(
          'inputs: [transactions]',
          'inputs: [transaktions]',
        ),
      }),
    ).toEqual([
      ['unknown-data-source', 'environments/prod/fraud-detector.yaml', 11],
      ['empty-file', 'environments/prod/notes.yaml', 1],
    ]);
  });
});
