import { beforeAll, describe, expect, it } from 'vitest';
import { exampleRepo } from '../support/example-repo.js';
import { runCli } from '../support/cli.js';

describe('slipway history --resource', () => {
  const { repo } = exampleRepo();
  const cli = (...argv: string[]) => runCli([...argv, '--repo', repo.dir], { cwd: repo.dir });
  beforeAll(async () => {
    expect((await cli('apply', '--env', 'dev', '--yes', '--as', 'dave')).code).toBe(0);
  });

  it('accepts the kind in any case', async () => {
    const exact = await cli('history', '--env', 'dev', '--resource', 'Deployment/fraud-detector', '--format', 'json');
    const lower = await cli('history', '--env', 'dev', '--resource', 'deployment/fraud-detector', '--format', 'json');
    expect(exact.code).toBe(0);
    expect(lower).toEqual(exact);
    expect(JSON.parse(exact.stdout).entries.length).toBeGreaterThan(0);
  });

  it('suggests the recorded resource an unknown name is likely a typo of', async () => {
    expect(await cli('history', '--env', 'dev', '--resource', 'deployment/fraud-detecter')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: no Deployment/fraud-detecter in the history of dev\nhint: did you mean `Deployment/fraud-detector`?\n',
    });
  });

  it('suggests the kind an unknown kind is likely a typo of', async () => {
    expect(await cli('history', '--env', 'dev', '--resource', 'Deploymnet/fraud-detector')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --resource "Deploymnet/fraud-detector" is not Kind/name\nhint: did you mean `Deployment/fraud-detector`? e.g. Deployment/fraud-detector; kinds: Project, Model, Environment, DataSource, ErrorPolicy, AccessPolicy, Consumer, Deployment\n',
    });
  });

  it('shows no entries for a resource nothing recorded is close to', async () => {
    expect(await cli('history', '--env', 'dev', '--resource', 'Consumer/zzz')).toEqual({
      code: 0,
      stdout: 'No history for dev.\n',
      stderr: '',
    });
  });
});
