import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the generated manifest validators (vendor/)', () => {
  it('are what scripts/kserve-schema.mjs and scripts/k8s-schemas.mjs generate', () => {
    for (const script of ['scripts/kserve-schema.mjs', 'scripts/k8s-schemas.mjs']) {
      const out = execFileSync(process.execPath, [script, '--check'], { cwd: root, encoding: 'utf8' });
      expect(out).toMatch(/^up to date: /);
    }
  });
});
