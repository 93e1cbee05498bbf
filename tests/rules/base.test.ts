import { describe, expect, it } from 'vitest';
import { findings, validateFiles, repo } from '../support/fixtures.js';

describe('the base fixture', () => {
  it('validates clean', async () => {
    expect(await findings()).toEqual([]);
  });
  it('is read in full', async () => {
    const r = await validateFiles(repo());
    expect(r.fileCount).toBe(17);
  });
});
