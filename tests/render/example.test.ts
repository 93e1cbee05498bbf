import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toJson, toYaml } from '../../src/render/serialize.js';
import { validateObjects } from '../../src/render/validate-objects.js';
import { renderRepo } from './support.js';

/** This repository's own example: staging and prod have kubernetes targets. */
const root = fileURLToPath(new URL('../..', import.meta.url));

describe("the example's rendered manifests", () => {
  for (const env of ['staging', 'prod']) {
    it(`${env}: match the golden, and every object passes its schema`, async () => {
      const { objects, notEnforced } = await renderRepo(root, env);
      await expect(toYaml(objects)).toMatchFileSnapshot(`__snapshots__/${env}.yaml`);
      await expect(`${JSON.stringify(notEnforced, null, 2)}\n`).toMatchFileSnapshot(
        `__snapshots__/${env}.not-enforced.json`,
      );
      expect(validateObjects(objects)).toEqual([]);
    });
  }

  it('prod: one InferenceService per live version, one VirtualService per realtime deployment, one CronJob per batch one', async () => {
    const { objects } = await renderRepo(root, 'prod');
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'AuthorizationPolicy/credit-limit',
      'AuthorizationPolicy/fraud-detector',
      'CronJob/churn-scorer',
      'DestinationRule/credit-limit-v1-1-0',
      'DestinationRule/fraud-detector-v3-2-0',
      'DestinationRule/fraud-detector-v3-3-0',
      'InferenceService/credit-limit-v1-1-0',
      'InferenceService/fraud-detector-v3-2-0',
      'InferenceService/fraud-detector-v3-3-0',
      'VirtualService/credit-limit',
      'VirtualService/fraud-detector',
    ]);
    for (const o of objects) {
      expect(o.metadata.labels['app.kubernetes.io/managed-by'], o.metadata.name).toBe('slipway');
      expect(o.metadata.labels['slipway.dev/environment'], o.metadata.name).toBe('prod');
      // The source commit is the deploy commit's, not each object's: a new commit changes no object.
      expect(o.metadata.annotations?.['slipway.dev/source-revision'], o.metadata.name).toBeUndefined();
      expect(o.metadata.namespace).toBe('ml-prod');
    }
  });

  it('is deterministic: two renders give the same bytes, in YAML and in JSON', async () => {
    const [a, b] = [await renderRepo(root, 'prod'), await renderRepo(root, 'prod')];
    expect(toYaml(b.objects)).toBe(toYaml(a.objects));
    expect(toJson(b.objects)).toBe(toJson(a.objects));
    expect(JSON.stringify(b.notEnforced)).toBe(JSON.stringify(a.notEnforced));
    expect(JSON.parse(toJson(a.objects))).toEqual({ apiVersion: 'v1', kind: 'List', items: a.objects });
  });
});
