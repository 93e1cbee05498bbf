import { describe, expect, it } from 'vitest';
import { deploymentTimeline, environmentTimelines } from '../../src/history/from-git.js';
import { versionsFirstSeen } from '../../src/history/first-seen.js';
import { branchClock } from '../../src/history/git-clock.js';
import { fullTrafficSince, versionKey, versionsEverFull } from '../../src/history/timeline.js';
import { TestRepo } from '../support/config-repo.js';

const deployment = (name: string, traffic: Array<[string, number]>, extra = ''): string =>
  `apiVersion: slipway.dev/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  model: ${name}
  mode: batch
  traffic:
${traffic.map(([v, p]) => `    - {version: ${v}, percent: ${p}}`).join('\n')}
${extra}`;

describe('deploymentTimeline', () => {
  it('records each traffic change with its commit date, oldest first, skipping unrelated commits', async () => {
    const repo = new TestRepo();
    const c1 = repo.commit(
      { 'environments/staging/fraud.yaml': deployment('fraud', [['1.0.0', 100]]) },
      { date: '2026-11-01T10:00:00Z' },
    );
    repo.commit(
      { 'environments/staging/fraud.yaml': deployment('fraud', [['1.0.0', 100]], '  schedule: "0 2 * * *"\n') },
      { date: '2026-11-02T10:00:00Z' },
    );
    const c3 = repo.commit(
      {
        'environments/staging/fraud.yaml': deployment('fraud', [
          ['1.0.0', 90],
          ['2.0.0', 10],
        ]),
      },
      { date: '2026-11-03T10:00:00Z' },
    );
    repo.commit(
      { 'environments/prod/fraud.yaml': deployment('fraud', [['0.9.0', 100]]) },
      { date: '2026-11-04T10:00:00Z' },
    );
    const c5 = repo.commit(
      { 'environments/staging/fraud.yaml': deployment('fraud', [['2.0.0', 100]]) },
      { date: '2026-11-05T10:00:00+02:00' },
    );

    const timeline = await deploymentTimeline(repo.dir, 'main', 'staging', 'fraud');
    expect(timeline.source).toEqual({ kind: 'git', rev: 'main', commit: c5 });
    expect(timeline.points).toEqual([
      { at: '2026-11-01T10:00:00.000Z', revision: c1, model: 'fraud', traffic: [{ version: '1.0.0', percent: 100 }] },
      {
        at: '2026-11-03T10:00:00.000Z',
        revision: c3,
        model: 'fraud',
        traffic: [
          { version: '1.0.0', percent: 90 },
          { version: '2.0.0', percent: 10 },
        ],
      },
      { at: '2026-11-05T08:00:00.000Z', revision: c5, model: 'fraud', traffic: [{ version: '2.0.0', percent: 100 }] },
    ]);
    expect(fullTrafficSince(timeline.points, '2.0.0')?.revision).toBe(c5);
    expect(fullTrafficSince(timeline.points, '1.0.0')).toBeUndefined();
    expect([...versionsEverFull(timeline.points)].sort()).toEqual(['1.0.0', '2.0.0']);
    // A canary share is not "live at 100%": before c5, only 1.0.0 ever had all the traffic.
    expect([...versionsEverFull(timeline.points.slice(0, 2))]).toEqual(['1.0.0']);
  });

  it('follows a deployment across files and multi-document files, and records its removal', async () => {
    const repo = new TestRepo();
    repo.commit(
      {
        'environments/dev/a.yaml': `${deployment('other', [['1.0.0', 100]])}---\n${deployment('fraud', [['1.0.0', 100]])}`,
      },
      { date: '2026-11-01T00:00:00Z' },
    );
    const moved = repo.commit(
      {
        'environments/dev/a.yaml': deployment('other', [['1.0.0', 100]]),
        'environments/dev/sub/fraud.yml': deployment('fraud', [['1.1.0', 100]]),
      },
      { date: '2026-11-02T00:00:00Z' },
    );
    const removed = repo.commit({ 'environments/dev/sub/fraud.yml': null }, { date: '2026-11-03T00:00:00Z' });
    const timelines = await environmentTimelines(repo.dir, 'HEAD', 'dev');
    expect([...timelines.keys()].sort()).toEqual(['fraud', 'other']);
    expect(timelines.get('fraud')!.points.map((p) => [p.revision, p.traffic?.[0]?.version ?? null])).toEqual([
      [expect.any(String), '1.0.0'],
      [moved, '1.1.0'],
      [removed, null],
    ]);
    expect(timelines.get('other')!.points).toHaveLength(1);
  });

  it('dates a change by the merge commit that brought it to the branch', async () => {
    const repo = new TestRepo();
    repo.commit(
      { 'environments/staging/fraud.yaml': deployment('fraud', [['1.0.0', 100]]) },
      { date: '2026-11-01T00:00:00Z' },
    );
    repo.git('checkout', '-q', '-b', 'promote');
    repo.commit(
      { 'environments/staging/fraud.yaml': deployment('fraud', [['2.0.0', 100]]) },
      { date: '2026-11-02T00:00:00Z' },
    );
    repo.git('checkout', '-q', 'main');
    repo.gitWith(
      { GIT_AUTHOR_DATE: '2026-11-09T00:00:00Z', GIT_COMMITTER_DATE: '2026-11-09T00:00:00Z' },
      'merge',
      '-q',
      '--no-ff',
      'promote',
      '-m',
      'merge',
    );
    const timeline = await deploymentTimeline(repo.dir, 'main', 'staging', 'fraud');
    expect(timeline.points.map((p) => p.at)).toEqual(['2026-11-01T00:00:00.000Z', '2026-11-09T00:00:00.000Z']);
    expect(timeline.points[1]!.revision).toBe(repo.head());
  });

  it('gives an empty timeline for a deployment never declared, and a clear error for an unknown revision', async () => {
    const repo = new TestRepo();
    repo.commit({ 'environments/staging/fraud.yaml': deployment('fraud', [['1.0.0', 100]]) });
    expect((await deploymentTimeline(repo.dir, 'HEAD', 'staging', 'nope')).points).toEqual([]);
    expect((await deploymentTimeline(repo.dir, 'HEAD', 'prod', 'fraud')).points).toEqual([]);
    await expect(deploymentTimeline(repo.dir, 'no-such-branch', 'staging', 'fraud')).rejects.toThrow(
      'revision no-such-branch: unknown revision',
    );
  });
});

describe('first-parent effective times (issue 12, point 9)', () => {
  it('a backdated commit counts from its first parent, keeps the date it claims, and so do the commits after it', async () => {
    const repo = new TestRepo();
    repo.commit(
      { 'environments/staging/fraud.yaml': deployment('fraud', [['1.0.0', 100]]) },
      { date: '2026-11-01T00:00:00Z' },
    );
    repo.commit(
      { 'environments/prod/other.yaml': deployment('other', [['1.0.0', 100]]) },
      { date: '2026-11-20T00:00:00Z' },
    );
    const backdated = repo.commit(
      { 'environments/staging/fraud.yaml': deployment('fraud', [['2.0.0', 100]]) },
      { date: '2026-10-01T00:00:00Z' },
    );
    const later = repo.commit(
      { 'environments/staging/fraud.yaml': deployment('fraud', [['3.0.0', 100]]) },
      { date: '2026-11-10T00:00:00Z' },
    );
    const honest = repo.commit(
      { 'environments/staging/fraud.yaml': deployment('fraud', [['4.0.0', 100]]) },
      { date: '2026-11-21T00:00:00Z' },
    );
    const clock = await branchClock(repo.dir, honest);
    expect(clock.get(backdated)).toEqual({
      committed: '2026-10-01T00:00:00.000Z',
      effective: '2026-11-20T00:00:00.000Z',
    });

    const timeline = await deploymentTimeline(repo.dir, 'main', 'staging', 'fraud');
    expect(timeline.points.map(({ revision, at, committedAt }) => ({ revision, at, committedAt }))).toEqual([
      { revision: expect.any(String), at: '2026-11-01T00:00:00.000Z', committedAt: undefined },
      { revision: backdated, at: '2026-11-20T00:00:00.000Z', committedAt: '2026-10-01T00:00:00.000Z' },
      // Later than the backdated commit's claim, but not than the commit before it: still moved.
      { revision: later, at: '2026-11-20T00:00:00.000Z', committedAt: '2026-11-10T00:00:00.000Z' },
      { revision: honest, at: '2026-11-21T00:00:00.000Z', committedAt: undefined },
    ]);
  });

  it("a version's first appearance: the first first-parent commit whose models/ lists it, dated by the clock", async () => {
    const modelFile = (versions: string[], name = 'fraud'): string =>
      `apiVersion: slipway.dev/v1\nkind: Model\nmetadata: {name: ${name}}\nspec:\n  versions:\n${versions.map((v) => `    - {version: ${v}, status: approved}`).join('\n')}\n`;
    const repo = new TestRepo();
    repo.commit({ 'models/fraud/model.yaml': modelFile(['1.0.0']) }, { date: '2026-11-01T00:00:00Z' });
    // Another model's 2.0.0 and a comment naming it do not count.
    repo.commit(
      { 'models/other/model.yaml': modelFile(['2.0.0'], 'other'), 'models/fraud/notes.yaml': '# 2.0.0 soon\n' },
      { date: '2026-11-05T00:00:00Z' },
    );
    repo.commit({ 'environments/dev/x.yaml': '# unrelated\n' }, { date: '2026-11-20T00:00:00Z' });
    const published = repo.commit(
      { 'models/fraud/model.yaml': modelFile(['1.0.0', '2.0.0']) },
      { date: '2026-11-10T00:00:00Z' },
    );
    repo.commit(
      { 'models/fraud/model.yaml': modelFile(['1.0.0', '2.0.0', '2.1.0']) },
      { date: '2026-11-22T00:00:00Z' },
    );
    // A build's `+` is matched as itself, not as a regular expression's quantifier.
    const build = repo.commit(
      { 'models/fraud/model.yaml': modelFile(['1.0.0', '2.0.0', '2.1.0', '2.2.0+build.7']) },
      { date: '2026-11-23T00:00:00Z' },
    );
    const head = repo.head();
    const seen = await versionsFirstSeen(
      repo.dir,
      head,
      [
        { model: 'fraud', version: '2.0.0' },
        { model: 'fraud', version: '9.9.9' },
        { model: 'fraud', version: '2.2.0+build.7' },
      ],
      await branchClock(repo.dir, head),
    );
    expect([...seen]).toEqual([
      [versionKey('fraud', '2.0.0'), { commit: published, at: '2026-11-20T00:00:00.000Z' }],
      [versionKey('fraud', '2.2.0+build.7'), { commit: build, at: '2026-11-23T00:00:00.000Z' }],
    ]);
  });
});
