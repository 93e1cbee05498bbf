import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  explainAccess,
  locatorFromTexts,
  piiPaths,
  whoCan,
  type Grantee,
  type RuleLocator,
} from '../../src/access/index.js';
import { fsTree } from '../../src/load/fs-tree.js';
import { loadTree } from '../../src/load/load-tree.js';
import { validateTree } from '../../src/validate/index.js';
import type { Config } from '../../src/world/config.js';

/** This repository's own example configuration, loaded as tests/example.test.ts loads it. */
const root = fileURLToPath(new URL('../..', import.meta.url));
let config: Config;
let locate: RuleLocator;
beforeAll(async () => {
  const loaded = await loadTree(fsTree(root));
  config = validateTree(loaded).config;
  locate = locatorFromTexts(loaded.texts);
});

const team = (name: string): Grantee => ({ subject: `team:${name}`, kind: 'team' });
const member = (login: string, ...via: string[]): Grantee => ({ subject: `user:${login}`, kind: 'user', via });
const POLICIES = (env: string): string => `environments/${env}/access-policies.yaml`;

describe('access on the example repository', () => {
  it('an explicit deny on a team wins, and names the team that made the user match', () => {
    expect(
      explainAccess(config, 'prod', 'user:frank', 'read-data', 'datasource:customer-profiles', { locate }),
    ).toEqual({
      env: 'prod',
      subject: 'user:frank',
      action: 'read-data',
      resource: 'datasource:customer-profiles',
      decision: 'explicit-deny',
      matched: [
        {
          policy: 'credit-access',
          ruleIndex: 3,
          file: POLICIES('prod'),
          document: 1,
          path: '/spec/rules/3',
          line: 47,
          effect: 'deny',
          via: 'growth-ml',
        },
      ],
      nearMisses: [
        {
          policy: 'credit-access',
          ruleIndex: 1,
          file: POLICIES('prod'),
          document: 1,
          path: '/spec/rules/1',
          line: 37,
          effect: 'allow',
          reason: 'wrong-subject',
        },
        {
          policy: 'churn-access',
          ruleIndex: 1,
          file: POLICIES('prod'),
          document: 2,
          path: '/spec/rules/1',
          line: 62,
          effect: 'allow',
          reason: 'wrong-resource',
        },
      ],
    });
  });

  it('without a locator, rules are given by file and JSON pointer', () => {
    const r = explainAccess(config, 'prod', 'user:judy', 'read-data', 'datasource:credit-bureau');
    expect(r.decision).toBe('allowed');
    expect(r.matched).toEqual([
      {
        policy: 'credit-access',
        ruleIndex: 1,
        file: POLICIES('prod'),
        document: 1,
        path: '/spec/rules/1',
        effect: 'allow',
        via: 'credit-ml',
      },
    ]);
  });

  it('who can apply a deployment in prod: the platform team and its members', () => {
    expect(whoCan(config, 'prod', 'apply', 'deployment:fraud-detector').subjects).toEqual([
      team('platform'),
      member('dave', 'platform'),
      member('olivia', 'platform'),
    ]);
  });

  it('personal data in prod: two sources, read by credit-limit, exposed to its caller and the risk officers', () => {
    const deadLetter = {
      dataSource: 'scoring-dead-letter',
      via: { kind: 'dead-letter', errorPolicy: 'credit-conservative' },
      classifiedPii: false,
      readData: [],
      inputOf: [],
    };
    const creditLimit = {
      deployment: 'credit-limit',
      file: 'environments/prod/deployments/credit-limit.yaml',
      mode: 'realtime',
      consumers: [
        { consumer: 'loan-origination', subject: 'service:loan-origination', action: 'invoke', allowed: true },
      ],
      invoke: [{ subject: 'service:loan-origination', kind: 'service' }],
      readOutput: [team('credit-risk-officers'), member('lena', 'credit-risk-officers')],
      sinks: [deadLetter],
    };
    const readers = [team('credit-ml'), member('judy', 'credit-ml'), member('ken', 'credit-ml')];
    const source = (dataSource: string, piiColumns: string[]) => ({
      dataSource,
      file: 'environments/prod/data-sources.yaml',
      classification: 'pii',
      piiColumns,
      readData: readers,
      deployments: [creditLimit],
    });
    expect(piiPaths(config, 'prod')).toEqual({
      env: 'prod',
      sources: [
        source('credit-bureau', ['report']),
        source('customer-profiles', ['full_name', 'national_id', 'date_of_birth']),
      ],
    });
  });

  it('staging has the same paths as prod, and dev (synthetic data) none', () => {
    const strip = (env: string) => JSON.stringify(piiPaths(config, env)).replaceAll(`environments/${env}/`, '');
    expect(strip('staging').replace('"staging"', '"prod"')).toBe(strip('prod'));
    expect(piiPaths(config, 'dev')).toEqual({ env: 'dev', sources: [] });
  });
});
