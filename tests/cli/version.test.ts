import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOMEPAGE, VERSION } from '../../src/cli/version.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  homepage?: string;
};

describe('version', () => {
  it('VERSION is package.json version', () => {
    expect(VERSION).toBe(pkg.version);
  });

  it('HOMEPAGE is package.json homepage', () => {
    expect(HOMEPAGE).toBe(pkg.homepage);
  });
});
