import { describe, expect, it } from 'vitest';
import {
  AccessQueryError,
  checkAccess,
  explainAccess,
  piiPaths,
  whoCan,
  type AccessQueryProblem,
} from '../../src/access/index.js';
import type { Action } from '../../src/kinds/index.js';
import { AccessIndex } from '../../src/validate/access-eval.js';
import { policySources } from '../../src/validate/rules/access.js';
import type { Config } from '../../src/world/config.js';
import { DATA_SOURCES, PROJECT, rulesRepo, validateFiles } from '../support/base-rules.js';
import { withFiles, type Files } from '../support/config-repo.js';

const HEAD = 'apiVersion: slipway.dev/v1\n';
const ACCESS = 'environments/dev/access.yaml';

/** The base fixture repository (teams risk-ml: alice, bob; platform: dave) with dev's rules replaced. */
async function configWith(rules: string, overrides: Files = {}): Promise<Config> {
  const result = await validateFiles(
    withFiles(rulesRepo(), {
      [ACCESS]: `${HEAD}kind: AccessPolicy\nmetadata: {name: access}\nspec:\n  rules:\n${rules}`,
      ...overrides,
    }),
  );
  return result.config;
}

const CONSUMER_RULES = `    - {effect: allow, subjects: [service:checkout], actions: [invoke], resources: [deployment:fraud-detector]}
    - {effect: allow, subjects: [service:crm], actions: [read-output], resources: [deployment:churn]}
`;

const at = (ruleIndex: number) => ({
  policy: 'access',
  ruleIndex,
  file: ACCESS,
  document: 0,
  path: `/spec/rules/${ruleIndex}`,
});

describe('checkAccess and explainAccess', () => {
  it('allows a user through a team that holds them, and says which team', async () => {
    const config = await configWith(
      `${CONSUMER_RULES}    - {effect: allow, subjects: [team:risk-ml], actions: [read-output], resources: ["deployment:*"]}\n`,
    );
    expect(checkAccess(config, 'dev', 'user:bob', 'read-output', 'deployment:churn')).toEqual({
      env: 'dev',
      subject: 'user:bob',
      action: 'read-output',
      resource: 'deployment:churn',
      decision: 'allowed',
      matched: [{ ...at(2), effect: 'allow', via: 'risk-ml' }],
    });
    // The team itself matches without `via`; a non-member does not match.
    expect(checkAccess(config, 'dev', 'team:risk-ml', 'read-output', 'deployment:churn').matched).toEqual([
      { ...at(2), effect: 'allow' },
    ]);
    expect(checkAccess(config, 'dev', 'user:dave', 'read-output', 'deployment:churn').decision).toBe('implicit-deny');
  });

  it('an explicit deny wins over an allow, and both are listed', async () => {
    const config = await configWith(
      `${CONSUMER_RULES}    - {effect: allow, subjects: [user:alice], actions: [invoke], resources: [deployment:fraud-detector]}
    - {effect: deny, subjects: [team:risk-ml], actions: [invoke], resources: ["deployment:fraud-*"]}
`,
    );
    const r = explainAccess(config, 'dev', 'user:alice', 'invoke', 'deployment:fraud-detector');
    expect(r.decision).toBe('explicit-deny');
    expect(r.matched).toEqual([
      { ...at(2), effect: 'allow' },
      { ...at(3), effect: 'deny', via: 'risk-ml' },
    ]);
    // Rule 0 names another subject: a near miss, listed though the verdict is already a deny.
    expect(r.nearMisses).toEqual([{ ...at(0), effect: 'allow', reason: 'wrong-subject' }]);
  });

  it('denies by default when no rule matches (implicit deny), with no matched rule', async () => {
    const config = await configWith(CONSUMER_RULES);
    const r = explainAccess(config, 'dev', 'service:crm', 'invoke', 'deployment:fraud-detector');
    expect(r.decision).toBe('implicit-deny');
    expect(r.matched).toEqual([]);
  });

  it('names near misses with each reason, and leaves out rules that miss on two counts', async () => {
    const config = await configWith(
      `    - {effect: allow, subjects: [service:checkout], actions: [read-output], resources: [deployment:fraud-detector]}
    - {effect: allow, subjects: [service:checkout], actions: [invoke], resources: [deployment:churn]}
    - {effect: allow, subjects: [service:crm], actions: [invoke], resources: [deployment:fraud-detector]}
    - {effect: allow, subjects: [service:crm], actions: [read-output], resources: [deployment:churn]}
    - {effect: deny, subjects: [service:checkout], actions: [invoke], resources: ["model:*"]}
`,
    );
    const r = explainAccess(config, 'dev', 'service:checkout', 'invoke', 'deployment:fraud-detector');
    expect(r.decision).toBe('implicit-deny');
    expect(r.nearMisses).toEqual([
      { ...at(0), effect: 'allow', reason: 'wrong-action' },
      { ...at(1), effect: 'allow', reason: 'wrong-resource' },
      { ...at(2), effect: 'allow', reason: 'wrong-subject' },
      { ...at(4), effect: 'deny', reason: 'wrong-resource' },
    ]);
  });

  it('globs `*` in subjects and resources as the validator does', async () => {
    const config = await configWith(
      `${CONSUMER_RULES}    - {effect: allow, subjects: ["service:*"], actions: [read-output], resources: ["deployment:ch*"]}\n`,
    );
    expect(checkAccess(config, 'dev', 'service:checkout', 'read-output', 'deployment:churn').decision).toBe('allowed');
    expect(checkAccess(config, 'dev', 'service:checkout', 'read-output', 'deployment:fraud-detector').decision).toBe(
      'implicit-deny',
    );
  });

  it('gives the verdict of the validator’s evaluator for every subject, action and resource', async () => {
    const config = await configWith(
      `${CONSUMER_RULES}    - {effect: allow, subjects: [team:risk-ml, "service:c*"], actions: [invoke, read-output, apply], resources: ["deployment:*", "datasource:*"]}
    - {effect: deny, subjects: [user:bob, service:crm], actions: [apply, invoke], resources: [deployment:churn, "datasource:c*"]}
`,
    );
    const env = config.environments.get('dev')!;
    const index = new AccessIndex(policySources(env), config.project!.resource.spec.teams);
    const subjects = [
      'user:alice',
      'user:bob',
      'user:dave',
      'team:risk-ml',
      'team:platform',
      'service:crm',
      'service:checkout',
    ];
    const actions: Action[] = ['invoke', 'read-output', 'read-data', 'apply'];
    const resources = ['deployment:churn', 'deployment:fraud-detector', 'datasource:customers', 'model:churn'];
    const verdict = { allow: 'allowed', deny: 'explicit-deny', 'default-deny': 'implicit-deny' } as const;
    for (const s of subjects)
      for (const a of actions)
        for (const r of resources) {
          const check = checkAccess(config, 'dev', s, a, r);
          expect(check.decision, `${s} ${a} ${r}`).toBe(verdict[index.decide(s, a, r).effect]);
          expect(check.matched.some((m) => m.effect === 'deny')).toBe(check.decision === 'explicit-deny');
        }
  });

  it('refuses questions that cannot be asked, with the problem as data', async () => {
    const config = await configWith(CONSUMER_RULES);
    const problem = (f: () => unknown): AccessQueryProblem | undefined => {
      try {
        f();
      } catch (e) {
        if (e instanceof AccessQueryError) return e.problem;
        throw e;
      }
      return undefined;
    };
    expect(problem(() => checkAccess(config, 'qa', 'user:a', 'invoke', 'deployment:churn'))).toEqual({
      kind: 'unknown-environment',
      env: 'qa',
      known: ['dev', 'prod'],
    });
    expect(problem(() => checkAccess(config, 'dev', 'alice', 'invoke', 'deployment:churn'))).toEqual({
      kind: 'invalid-subject',
      subject: 'alice',
    });
    expect(problem(() => checkAccess(config, 'dev', 'user:a', 'call' as Action, 'deployment:churn'))?.kind).toBe(
      'invalid-action',
    );
    expect(problem(() => whoCan(config, 'dev', 'invoke', 'deployment:*'))).toEqual({
      kind: 'invalid-resource',
      resource: 'deployment:*',
    });
  });
});

describe('whoCan', () => {
  it('expands teams to their members, keeps direct grants direct, and drops whoever a deny covers', async () => {
    const config = await configWith(
      `${CONSUMER_RULES}    - {effect: allow, subjects: [team:risk-ml, team:platform, user:dave], actions: [invoke], resources: [deployment:fraud-detector]}
    - {effect: deny, subjects: [user:bob], actions: [invoke], resources: ["deployment:*"]}
`,
    );
    expect(whoCan(config, 'dev', 'invoke', 'deployment:fraud-detector')).toEqual({
      env: 'dev',
      action: 'invoke',
      resource: 'deployment:fraud-detector',
      subjects: [
        { subject: 'service:checkout', kind: 'service' },
        { subject: 'team:platform', kind: 'team' },
        { subject: 'team:risk-ml', kind: 'team' },
        { subject: 'user:alice', kind: 'user', via: ['risk-ml'] },
        { subject: 'user:dave', kind: 'user' },
      ],
    });
  });

  it('lists a wildcard subject as such, and the known subjects it covers', async () => {
    const config = await configWith(
      `${CONSUMER_RULES}    - {effect: allow, subjects: ["team:*"], actions: [read-output], resources: [deployment:churn]}\n`,
    );
    expect(whoCan(config, 'dev', 'read-output', 'deployment:churn').subjects).toEqual([
      { subject: 'service:crm', kind: 'service' },
      { subject: 'team:*', kind: 'team', wildcard: true },
      { subject: 'team:platform', kind: 'team' },
      { subject: 'team:risk-ml', kind: 'team' },
      { subject: 'user:alice', kind: 'user', via: ['risk-ml'] },
      { subject: 'user:bob', kind: 'user', via: ['risk-ml'] },
      { subject: 'user:dave', kind: 'user', via: ['platform'] },
    ]);
  });
});

describe('piiPaths', () => {
  it('follows a pii source through a batch deployment to its output, its dead letter and their readers', async () => {
    const errorPolicy = `${HEAD}kind: ErrorPolicy
metadata: {name: strict}
spec:
  timeout: 300ms
  fallback: {type: previousVersion}
  deadLetter: {dataSource: churn-scores}
`;
    // customers is `internal` but has a pii column: it counts; transactions is classified pii.
    const data = DATA_SOURCES.replace(
      'location: {table: analytics.customers}',
      'location: {table: analytics.customers}\n  schema: {columns: [{name: id, type: string}, {name: email, type: string, pii: true}]}',
    );
    const config = await configWith(
      `${CONSUMER_RULES}    - {effect: allow, subjects: [team:platform], actions: [read-data], resources: [datasource:churn-scores]}
    - {effect: allow, subjects: [user:alice], actions: [read-data], resources: ["datasource:*"]}
    - {effect: deny, subjects: [user:alice], actions: [read-data], resources: [datasource:transactions]}
`,
      { 'environments/dev/data.yaml': data, 'environments/dev/error-policy.yaml': errorPolicy },
    );
    const alice = { subject: 'user:alice', kind: 'user' };
    const scoresReaders = [
      { subject: 'team:platform', kind: 'team' },
      alice,
      { subject: 'user:dave', kind: 'user', via: ['platform'] },
    ];
    const deadLetter = {
      dataSource: 'churn-scores',
      via: { kind: 'dead-letter', errorPolicy: 'strict' },
      classifiedPii: false,
      readData: scoresReaders,
      inputOf: [],
    };
    expect(piiPaths(config, 'dev')).toEqual({
      env: 'dev',
      sources: [
        {
          dataSource: 'customers',
          file: 'environments/dev/data.yaml',
          classification: 'internal',
          piiColumns: ['email'],
          readData: [alice],
          deployments: [
            {
              deployment: 'churn',
              file: 'environments/dev/churn.yaml',
              mode: 'batch',
              consumers: [{ consumer: 'crm', subject: 'service:crm', action: 'read-output', allowed: true }],
              invoke: [],
              readOutput: [{ subject: 'service:crm', kind: 'service' }],
              sinks: [{ ...deadLetter, via: { kind: 'output' } }, deadLetter],
            },
          ],
        },
        {
          dataSource: 'transactions',
          file: 'environments/dev/data.yaml',
          classification: 'pii',
          piiColumns: [],
          readData: [],
          deployments: [
            {
              deployment: 'fraud-detector',
              file: 'environments/dev/fraud-detector.yaml',
              mode: 'realtime',
              consumers: [{ consumer: 'checkout', subject: 'service:checkout', action: 'invoke', allowed: true }],
              invoke: [{ subject: 'service:checkout', kind: 'service' }],
              readOutput: [],
              sinks: [deadLetter],
            },
          ],
        },
      ],
    });
  });

  it('marks a declared consumer the rules do not let in', async () => {
    const config = await configWith(
      `    - {effect: allow, subjects: [service:crm], actions: [read-output], resources: [deployment:churn]}\n`,
    );
    const [source] = piiPaths(config, 'dev').sources;
    expect(source?.deployments[0]?.consumers).toEqual([
      { consumer: 'checkout', subject: 'service:checkout', action: 'invoke', allowed: false },
    ]);
  });

  it('is empty without personal data, and works for an environment with no folder', async () => {
    const config = await configWith(CONSUMER_RULES, {
      'environments/dev/data.yaml': DATA_SOURCES.replace('classification: pii', 'classification: confidential'),
      'slipway.yaml': PROJECT.replace('[dev, prod]', '[dev, qa, prod]'),
    });
    expect(piiPaths(config, 'dev').sources).toEqual([]);
    expect(piiPaths(config, 'qa')).toEqual({ env: 'qa', sources: [] });
  });
});
