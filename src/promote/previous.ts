import jsYaml from 'js-yaml';
import type { TrafficSplit } from '../kinds/deployment.js';
import { gitError } from '../git/errors.js';
import { openGit } from '../git/repo.js';
import { catFiles } from '../git/tree.js';
import { deploymentOf, type RollbackTimeline } from './plan.js';
import type { Checkout } from './workflow.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where a rollback without `--to` looks for the version that was live before: the state
 * store's audit log when the project has one (what was actually applied), else the git
 * history of the Deployment's file (what was merged).
 */
export async function rollbackTimeline(checkout: Checkout, model: string, env: string, _processEnv: Env): Promise<RollbackTimeline | undefined> {
  const doc = deploymentOf(checkout.input.config, env, model);
  if (!doc) return undefined;
  return gitTimeline(checkout.root, checkout.head, doc.file, env, doc.name);
}

/**
 * Traffic states of one Deployment in the first-parent history of `file`, newest first, read
 * with one `git log` and one `cat-file --batch` whatever the length of the history.
 */
async function gitTimeline(dir: string, head: string, file: string, env: string, name: string): Promise<RollbackTimeline> {
  let log: string;
  try {
    log = await openGit(dir).raw(['log', head, '--first-parent', '--diff-merges=first-parent', '--format=', '--raw', '--no-abbrev', '--no-renames', '--', file]);
  } catch (error) {
    throw gitError(error, `reading the history of ${file}`);
  }
  const blobs = log
    .split('\n')
    .map((line) => /^:\d+ \d+ [0-9a-f]+ ([0-9a-f]+) \w+\t/.exec(line)?.[1])
    .filter((sha): sha is string => sha !== undefined && !/^0+$/.test(sha));
  const texts = await catFiles(dir, blobs);
  const states: TrafficSplit[][] = [];
  for (const text of texts) {
    const traffic = trafficIn(text.toString('utf8'), name);
    if (traffic) states.push(traffic);
  }
  return { states, source: `git history of ${file} (${env})` };
}

function trafficIn(text: string, name: string): TrafficSplit[] | undefined {
  try {
    for (const doc of jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA })) {
      const d = doc as { kind?: unknown; metadata?: { name?: unknown }; spec?: { traffic?: unknown } } | null;
      if (d?.kind === 'Deployment' && d.metadata?.name === name && Array.isArray(d.spec?.traffic)) {
        return (d.spec.traffic as Array<{ version?: unknown; percent?: unknown }>).map((t) => ({ version: String(t.version), percent: Number(t.percent) }));
      }
    }
  } catch {
    // an old revision that did not parse says nothing about traffic
  }
  return undefined;
}
