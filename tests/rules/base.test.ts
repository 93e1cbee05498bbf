import { describe, expect, it } from 'vitest';
import { findings, rulesRepo, validateFiles } from '../support/base-rules.js';

describe('the base fixture', () => {
  it('validates clean', async () => {
    expect(await findings()).toEqual([]);
  });
  it('is read in full', async () => {
    const r = await validateFiles(rulesRepo());
    expect(r.fileCount).toBe(17);
  });
});
