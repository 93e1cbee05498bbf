/**
 * Git soak evidence (issue 12, points 8 and 9), when the state store holds no applied history:
 * committer dates are whatever the committer typed, so a backdated commit fast-forwarded onto
 * main, a traffic commit older than the version it serves, or a version younger than its
 * traffic commit must not make a version look soaked. Real repositories, backdated with
 * GIT_COMMITTER_DATE / GIT_AUTHOR_DATE.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { DEFAULT_VERSIONS, deployment, deploymentFile, gateRepo, model } from '../support/base-gate.js';
import { gitRepo, type Files, type TestRepo } from '../support/config-repo.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const MODEL_FILE = 'models/fraud-detector/model.yaml';

type Check = { check: string; verdict: string; reason: string; evidence?: string };
interface GateDoc {
  evidence: {
    soak: string;
    soakSource: unknown;
    soakNotes: Array<{ kind: string; rev: string; commits: unknown[]; text: string }>;
  };
  changes: Array<{ checks: Check[] }>;
}

/** Promotes `version` to 10% of prod on branch `promote` (off main), and runs the gate on it. */
async function gatePromotion(repo: TestRepo, version = '3.3.0', format = 'json') {
  repo.git('checkout', '-q', '-b', 'promote', 'main');
  repo.commit(
    {
      [deploymentFile('prod')]: deployment('prod', [
        ['3.2.0', 90],
        [version, 10],
      ]),
    },
    { date: '2026-11-28T11:30:00Z', message: 'promote' },
  );
  repo.git('checkout', '-q', 'main');
  return runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'promote', '--format', format], {
    now: NOW,
  });
}

const promotionOrder = (doc: GateDoc): Check => doc.changes[0]!.checks.find((c) => c.check === 'promotion-order')!;

/** main: 3.2.0 everywhere (Nov 1), 3.3.0 in dev (Nov 20), then an unrelated commit at 10:00 today. */
function mainWithRecentTip(extra: Files = {}): TestRepo {
  return gitRepo(gateRepo(), {
    date: '2026-11-01T10:00:00Z',
    later: [
      { files: { [deploymentFile('dev')]: deployment('dev', [['3.3.0', 100]]) }, date: '2026-11-20T10:00:00Z' },
      { files: { 'environments/dev/notes.yaml': '# dev notes\n', ...extra }, date: '2026-11-28T10:00:00Z' },
    ],
  });
}

describe('gate: git soak evidence does not trust committer dates alone', { timeout: 120_000 }, () => {
  it('a commit backdated 30 days and fast-forwarded onto main counts from the tip it was put on: not soaked', async () => {
    const repo = mainWithRecentTip();
    repo.git('checkout', '-q', '-b', 'sneak', 'main');
    const sneak = repo.commit(
      { [deploymentFile('staging')]: deployment('staging', [['3.3.0', 100]]) },
      { date: '2026-10-29T12:00:00Z', message: 'staging 3.3.0, backdated' },
    );
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'sneak');
    expect(repo.head()).toBe(sneak);

    const r = await gatePromotion(repo);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as GateDoc;
    expect(promotionOrder(doc)).toEqual({
      check: 'promotion-order',
      verdict: 'fail',
      reason: `live at 100% in staging/fraud-detector for 2h only; prod requires a soak of 24h (ready at 2026-11-29T10:00:00.000Z); counted from 2026-11-28T10:00:00.000Z, not from 2026-10-29T12:00:00.000Z (the date of commit ${sneak.slice(0, 7)}): a commit before it on the branch is dated later`,
      evidence: 'git history of main',
    });
    // The backdated commit is reported, as data and in words.
    expect(doc.evidence.soakNotes).toEqual([
      {
        kind: 'backdated-commits',
        rev: 'main',
        commits: [{ commit: sneak, committed: '2026-10-29T12:00:00.000Z', counted: '2026-11-28T10:00:00.000Z' }],
        text: `1 commit of main is dated earlier than a commit before it on the branch; soak counts from the first-parent history instead: ${sneak.slice(0, 7)} dated 2026-10-29T12:00:00.000Z, counted from 2026-11-28T10:00:00.000Z`,
      },
    ]);

    const text = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'promote'], { now: NOW });
    expect(text.stdout.split('\n')[2]).toBe(`  ! ${doc.evidence.soakNotes[0]!.text}`);
    const markdown = await runCli(
      ['gate', '--repo', repo.dir, '--base', 'main', '--head', 'promote', '--format', 'markdown'],
      { now: NOW },
    );
    expect(markdown.stdout).toContain(`\n> [!NOTE]\n> ${doc.evidence.soakNotes[0]!.text}\n`);
  });

  it('the same change merged with a merge commit counts from the merge, and nothing is reported', async () => {
    const repo = mainWithRecentTip();
    repo.git('checkout', '-q', '-b', 'old-branch', 'main~1');
    repo.commit(
      { [deploymentFile('staging')]: deployment('staging', [['3.3.0', 100]]) },
      { date: '2026-10-29T12:00:00Z', message: 'staging 3.3.0, backdated' },
    );
    repo.git('checkout', '-q', 'main');
    repo.gitWith(
      { GIT_COMMITTER_DATE: '2026-11-28T11:00:00Z', GIT_AUTHOR_DATE: '2026-11-28T11:00:00Z' },
      'merge',
      '-q',
      '--no-ff',
      '-m',
      'merge',
      'old-branch',
    );
    const doc = JSON.parse((await gatePromotion(repo)).stdout) as GateDoc;
    expect(promotionOrder(doc).reason).toBe(
      'live at 100% in staging/fraud-detector for 1h only; prod requires a soak of 24h (ready at 2026-11-29T11:00:00.000Z)',
    );
    expect(doc.evidence.soakNotes).toEqual([]);
  });

  it('a backdated traffic commit on top of a version published 2h ago counts from the publication', async () => {
    // 3.6.0 is published at 10:00 today; the commit that sends staging to it claims Nov 18.
    const versions = [...DEFAULT_VERSIONS, { version: '3.6.0' }];
    const repo = gitRepo(gateRepo(), {
      date: '2026-11-01T10:00:00Z',
      later: [{ files: { [MODEL_FILE]: model(versions) }, date: '2026-11-28T10:00:00Z', message: 'publish 3.6.0' }],
    });
    const published = repo.head();
    const traffic = repo.commit(
      {
        [deploymentFile('dev')]: deployment('dev', [['3.6.0', 100]]),
        [deploymentFile('staging')]: deployment('staging', [['3.6.0', 100]]),
      },
      { date: '2026-11-18T10:00:00Z', message: 'dev and staging 3.6.0, backdated' },
    );
    const doc = JSON.parse((await gatePromotion(repo, '3.6.0')).stdout) as GateDoc;
    expect(promotionOrder(doc)).toMatchObject({
      verdict: 'fail',
      reason: `live at 100% in staging/fraud-detector for 2h only; prod requires a soak of 24h (ready at 2026-11-29T10:00:00.000Z); counted from 2026-11-28T10:00:00.000Z, not from 2026-11-18T10:00:00.000Z (the date of commit ${traffic.slice(0, 7)}): a commit before it on the branch is dated later`,
    });
    expect(published).not.toBe(traffic);
  });

  it('traffic declared before the version was published counts from its first appearance in the model registry', async () => {
    // Staging "serves" 3.6.0 from Nov 1, but no Model lists 3.6.0 until 10:00 today.
    const versions = [...DEFAULT_VERSIONS, { version: '3.6.0' }];
    const repo = gitRepo(
      {
        ...gateRepo(),
        [deploymentFile('dev')]: deployment('dev', [['3.6.0', 100]]),
        [deploymentFile('staging')]: deployment('staging', [['3.6.0', 100]]),
      },
      {
        date: '2026-11-01T10:00:00Z',
        later: [{ files: { [MODEL_FILE]: model(versions) }, date: '2026-11-28T10:00:00Z', message: 'publish 3.6.0' }],
      },
    );
    const published = repo.head();
    const first = repo.git('rev-list', '--max-parents=0', 'HEAD').trim();
    const doc = JSON.parse((await gatePromotion(repo, '3.6.0')).stdout) as GateDoc;
    expect(promotionOrder(doc)).toMatchObject({
      verdict: 'fail',
      reason: `live at 100% in staging/fraud-detector for 2h only; prod requires a soak of 24h (ready at 2026-11-29T10:00:00.000Z); counted from 2026-11-28T10:00:00.000Z, not from 2026-11-01T10:00:00.000Z (the date of commit ${first.slice(0, 7)}): 3.6.0 first appears in the model registry in ${published.slice(0, 7)}`,
    });
    // Nothing is backdated here: the dates are honest, the order is not.
    expect(doc.evidence.soakNotes).toEqual([]);
  });

  it("a createdAt later than the traffic commit's date counts from createdAt", async () => {
    const created = model().replace(
      /(- version: 3\.3\.0\n\s+status: approved\n\s+createdAt: )\S+/,
      '$12026-11-28T08:00:00Z',
    );
    expect(created).toContain('createdAt: 2026-11-28T08:00:00Z');
    const repo = gitRepo(
      { ...gateRepo(), [MODEL_FILE]: created },
      {
        date: '2026-11-01T10:00:00Z',
        later: [
          {
            files: {
              [deploymentFile('dev')]: deployment('dev', [['3.3.0', 100]]),
              [deploymentFile('staging')]: deployment('staging', [['3.3.0', 100]]),
            },
            date: '2026-11-20T10:00:00Z',
          },
        ],
      },
    );
    const staged = repo.head();
    const doc = JSON.parse((await gatePromotion(repo)).stdout) as GateDoc;
    expect(promotionOrder(doc)).toMatchObject({
      verdict: 'fail',
      reason: `live at 100% in staging/fraud-detector for 4h only; prod requires a soak of 24h (ready at 2026-11-29T08:00:00.000Z); counted from 2026-11-28T08:00:00.000Z, not from 2026-11-20T10:00:00.000Z (the date of commit ${staged.slice(0, 7)}): 3.3.0 has createdAt 2026-11-28T08:00:00.000Z`,
    });
  });

  it('an honest history is taken as it is, with nothing to report', async () => {
    const repo = mainWithRecentTip({ [deploymentFile('staging')]: deployment('staging', [['3.3.0', 100]]) });
    const doc = JSON.parse((await gatePromotion(repo, '3.3.0')).stdout) as GateDoc;
    expect(promotionOrder(doc).reason).toBe(
      'live at 100% in staging/fraud-detector for 2h only; prod requires a soak of 24h (ready at 2026-11-29T10:00:00.000Z)',
    );
    expect(doc.evidence.soakNotes).toEqual([]);
  });
});
