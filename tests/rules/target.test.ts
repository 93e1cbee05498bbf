import { describe, expect, it } from 'vitest';
import { FRAUD_MODEL, PROD_ENVIRONMENT, diagnosticsOf, findings } from '../support/base-rules.js';

const ENV = 'environments/prod/environment.yaml';
const MODEL = 'models/fraud-detector/model.yaml';
const withFramework = FRAUD_MODEL.replace(/( {6}artifact: .*\n)/g, '$1      framework: onnx\n');
/** The fixture repository with prod on a kubernetes target (and every fraud-detector version given a framework). */
const kubernetes = (target: string): Record<string, string> => ({
  [ENV]: PROD_ENVIRONMENT.replace('  target: {type: local}\n', `  target: {type: kubernetes, ${target}}\n`),
  [MODEL]: withFramework,
});

describe('delivery: kubernetes targets', () => {
  it('passes with a namespace, a gateway and a batch image', async () => {
    expect(
      await findings({ ...kubernetes('namespace: ml-prod, gateway: istio-system/ml-gw, batchImage: scorer:1') }),
    ).toEqual([]);
  });

  it('target-batch-image-missing: a batch deployment and no batchImage', async () => {
    expect(await findings({ ...kubernetes('namespace: ml-prod') })).toEqual([['target-batch-image-missing', ENV, 5]]);
    const [d] = await diagnosticsOf('target-batch-image-missing', kubernetes('namespace: ml-prod'));
    expect(d?.message).toBe(
      'the kubernetes target of `prod` has no `batchImage`, and batch deployment `churn` must run in one',
    );
  });

  it('target-batch-image-missing: passes without batch deployments', async () => {
    expect(await findings({ ...kubernetes('namespace: ml-prod'), 'environments/prod/churn.yaml': null })).toEqual(
      expect.not.arrayContaining([expect.arrayContaining(['target-batch-image-missing'])]),
    );
  });

  it('target-gateway-invalid: a gateway without its namespace', async () => {
    const files = kubernetes('namespace: ml-prod, gateway: ml-gw, batchImage: scorer:1');
    expect(await findings(files)).toEqual([['target-gateway-invalid', ENV, 5]]);
  });

  it('target-framework-missing: a realtime version without a framework', async () => {
    const files = kubernetes('namespace: ml-prod, batchImage: scorer:1');
    expect(await findings({ ...files, [MODEL]: FRAUD_MODEL })).toEqual([
      ['target-framework-missing', 'environments/prod/fraud-detector.yaml', 7],
      ['target-framework-missing', 'environments/prod/fraud-detector.yaml', 8],
    ]);
    expect(await findings(files)).toEqual([]);
  });

  it('the namespace must be a DNS label, and only the chosen branch of the target is reported', async () => {
    const files = kubernetes('namespace: ML_Prod, gatway: x, batchImage: scorer:1');
    expect(await findings(files)).toEqual([
      ['invalid-name', ENV, 5],
      ['schema-unknown-field', ENV, 5],
    ]);
    const [unknown] = await diagnosticsOf('schema-unknown-field', files);
    expect(unknown?.hint).toBe('did you mean `gateway`?');
  });

  it('a misspelt target type is one finding that names the types', async () => {
    const env = PROD_ENVIRONMENT.replace('{type: local}', '{type: kubernets, namespace: ml-prod}');
    const [d, ...rest] = await diagnosticsOf('schema-enum', { [ENV]: env });
    expect(rest).toEqual([]);
    expect(d?.message).toBe('`spec.target.type` must be one of local, kubernetes; got `kubernets`');
    expect(await findings({ [ENV]: env })).toEqual([['schema-enum', ENV, 5]]);
  });
});
