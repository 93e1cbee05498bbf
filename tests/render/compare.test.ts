import { describe, expect, it } from 'vitest';
import { diffManifest, drySha } from '../../src/render/compare.js';
import { toYaml } from '../../src/render/serialize.js';
import type { K8sObject } from '../../src/render/types.js';

const object = (kind: K8sObject['kind'], name: string, spec: K8sObject['spec']): K8sObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, namespace: 'ml', labels: {} },
  spec,
});

describe('the deploy branch diff', () => {
  const before = [object('VirtualService', 'a', { weight: 50 }), object('CronJob', 'old', { schedule: '0 2 * * *' })];
  const after = [object('VirtualService', 'a', { weight: 90 }), object('InferenceService', 'new', {})];

  it('lists added, changed and removed objects by kind then name, with the fields of the changed ones', () => {
    expect(diffManifest(toYaml(before), after)).toEqual({
      objects: [
        { action: 'remove', kind: 'CronJob', name: 'old', namespace: 'ml', diff: [] },
        { action: 'add', kind: 'InferenceService', name: 'new', namespace: 'ml', diff: [] },
        {
          action: 'change',
          kind: 'VirtualService',
          name: 'a',
          namespace: 'ml',
          diff: [{ path: 'spec.weight', before: 50, after: 90 }],
        },
      ],
      unchanged: 0,
    });
  });

  it('the same objects change nothing; no branch adds everything; documents it cannot match are ignored', () => {
    expect(diffManifest(toYaml(after), after)).toEqual({ objects: [], unchanged: 2 });
    expect(diffManifest(null, after).objects.map((o) => o.action)).toEqual(['add', 'add']);
    // Re-indented by hand: the same data is not a change.
    const edited = `---\nnot: an object with a kind\n${toYaml(after).replace(/^ {2}/gm, '    ')}`;
    expect(diffManifest(edited, after)).toEqual({ objects: [], unchanged: 2 });
  });

  it("reads hydrator.metadata's drySha, when it has one", () => {
    expect(drySha('{"drySha": "abc"}')).toBe('abc');
    expect(drySha('not json')).toBeNull();
    expect(drySha(null)).toBeNull();
  });
});
