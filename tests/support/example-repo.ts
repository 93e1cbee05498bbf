import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestRepo } from './config-repo.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * This repository's example configuration (slipway.yaml, models/, environments/, and the data files
 * of examples/ that dev's DataSources read), committed on
 * `main` of a fresh git repository. With `localTargets`, staging and prod record applies in the
 * state store (`target: {type: local}`) instead of rendering to a deploy branch, so all three
 * environments can be applied in a test.
 */
export function exampleRepo(options: { localTargets?: boolean } = {}): { repo: TestRepo; head: string } {
  const repo = new TestRepo();
  for (const entry of ['slipway.yaml', 'models', 'environments', 'examples'])
    cpSync(path.join(root, entry), path.join(repo.dir, entry), { recursive: true });
  if (options.localTargets) {
    for (const env of ['staging', 'prod']) {
      const file = path.join(repo.dir, 'environments', env, 'environment.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/ {2}target:\n( {4}.*\n)+/, '  target: {type: local}\n'));
    }
  }
  return { repo, head: repo.commit({}, { message: 'the example' }) };
}
