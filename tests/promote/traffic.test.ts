import { describe, expect, it } from 'vitest';
import { previousFullVersion } from '../../src/promote/plan.js';
import { promoteTraffic, rollbackTraffic } from '../../src/promote/traffic.js';
import { editTraffic } from '../../src/promote/yaml-edit.js';

const t = (...pairs: Array<[string, number]>) => pairs.map(([version, percent]) => ({ version, percent }));

describe('promoteTraffic', () => {
  it('sends a full promotion to 100%, whatever ran before', () => {
    expect(promoteTraffic(t(['1.0.0', 100]), { type: 'full', version: '2.0.0' })).toEqual({
      type: 'change',
      next: t(['2.0.0', 100]),
    });
    expect(promoteTraffic(t(['1.0.0', 50], ['2.0.0', 50]), { type: 'full', version: '2.0.0' })).toEqual({
      type: 'change',
      next: t(['2.0.0', 100]),
    });
    expect(promoteTraffic(undefined, { type: 'full', version: '2.0.0' })).toEqual({
      type: 'change',
      next: t(['2.0.0', 100]),
    });
    expect(promoteTraffic(t(['2.0.0', 100]), { type: 'full', version: '2.0.0' })).toEqual({ type: 'unchanged' });
  });

  it('starts a canary next to the full version, and steps it up or down in place', () => {
    expect(promoteTraffic(t(['1.0.0', 100]), { type: 'canary', version: '2.0.0', percent: 10 })).toEqual({
      type: 'change',
      next: t(['1.0.0', 90], ['2.0.0', 10]),
      stable: '1.0.0',
    });
    expect(promoteTraffic(t(['1.0.0', 90], ['2.0.0', 10]), { type: 'canary', version: '2.0.0', percent: 50 })).toEqual({
      type: 'change',
      next: t(['1.0.0', 50], ['2.0.0', 50]),
      stable: '1.0.0',
    });
    expect(promoteTraffic(t(['2.0.0', 30], ['1.0.0', 70]), { type: 'canary', version: '2.0.0', percent: 5 })).toEqual({
      type: 'change',
      next: t(['2.0.0', 5], ['1.0.0', 95]),
      stable: '1.0.0',
    });
    expect(promoteTraffic(t(['1.0.0', 90], ['2.0.0', 10]), { type: 'canary', version: '2.0.0', percent: 10 })).toEqual({
      type: 'unchanged',
    });
  });

  it('refuses canaries that would leave three versions live, or have nothing to split with', () => {
    expect(
      promoteTraffic(t(['1.0.0', 90], ['2.0.0', 10]), { type: 'canary', version: '3.0.0', percent: 10 }).type,
    ).toBe('refused');
    expect(
      promoteTraffic(t(['1.0.0', 80], ['2.0.0', 10], ['3.0.0', 10]), { type: 'canary', version: '3.0.0', percent: 20 })
        .type,
    ).toBe('refused');
    expect(promoteTraffic(undefined, { type: 'canary', version: '1.0.0', percent: 10 }).type).toBe('refused');
    expect(promoteTraffic(t(['1.0.0', 100]), { type: 'canary', version: '1.0.0', percent: 10 }).type).toBe('refused');
  });

  it('refuses a canary of the majority side of a running canary (at a tie, the first entry)', () => {
    const canary = (version: string) => ({ type: 'canary' as const, version, percent: 10 });
    expect(promoteTraffic(t(['1.0.0', 90], ['2.0.0', 10]), canary('1.0.0')).type).toBe('refused');
    expect(promoteTraffic(t(['2.0.0', 10], ['1.0.0', 90]), canary('1.0.0')).type).toBe('refused');
    expect(promoteTraffic(t(['1.0.0', 50], ['2.0.0', 50]), canary('1.0.0')).type).toBe('refused');
    expect(promoteTraffic(t(['1.0.0', 50], ['2.0.0', 50]), canary('2.0.0')).type).toBe('change');
  });

  it('rolls back to one entry at 100%', () => {
    expect(rollbackTraffic(t(['1.0.0', 90], ['2.0.0', 10]), '1.0.0')).toEqual({
      type: 'change',
      next: t(['1.0.0', 100]),
    });
    expect(rollbackTraffic(t(['1.0.0', 100]), '1.0.0')).toEqual({ type: 'unchanged' });
  });
});

describe('previousFullVersion', () => {
  it('is the newest full version other than the current one', () => {
    const history = [t(['2.0.0', 100]), t(['1.0.0', 50], ['2.0.0', 50]), t(['1.0.0', 100]), t(['0.9.0', 100])];
    expect(previousFullVersion(t(['2.0.0', 100]), history)).toBe('1.0.0');
  });
  it('is the stable side during a canary', () => {
    expect(
      previousFullVersion(t(['1.0.0', 90], ['2.0.0', 10]), [t(['1.0.0', 90], ['2.0.0', 10]), t(['1.0.0', 100])]),
    ).toBe('1.0.0');
    expect(previousFullVersion(t(['1.0.0', 90], ['2.0.0', 10]), [])).toBe('1.0.0');
  });
  it('is undefined when the history knows no other full version', () => {
    expect(previousFullVersion(t(['1.0.0', 100]), [t(['1.0.0', 100])])).toBeUndefined();
  });
});

describe('editTraffic on shapes the splice leaves alone', () => {
  it('rewrites an anchored traffic list through the Document API, and checks the result', () => {
    const text = 'kind: Deployment\nspec:\n  traffic: &t\n    - &e {version: 1.0.0, percent: 100}\n  mode: realtime\n';
    const edit = editTraffic(text, 0, t(['1.0.0', 90], ['2.0.0', 10]));
    expect(edit.method).toBe('rewrite');
    expect(edit.text).toBe(
      'kind: Deployment\nspec:\n  traffic:\n    - {version: 1.0.0, percent: 90}\n    - {version: 2.0.0, percent: 10}\n  mode: realtime\n',
    );
  });
  it('refuses a file that is not YAML', () => {
    expect(() => editTraffic('spec: [\n', 0, t(['1.0.0', 100]))).toThrow(/^the file is not valid YAML: /);
  });
});
