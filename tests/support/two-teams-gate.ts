import {
  DEFAULT_VERSIONS,
  deployment,
  environment,
  gateRepo,
  model,
  project,
  type ModelVersionOptions,
  type Split,
} from './base-gate.js';
import { HEAD, type Files } from './config-repo.js';

/**
 * The gate fixture with a second team and model: credit-ml (judy, ken) owns `credit-scorer`,
 * credit-leads (lena, mike) approve it. prod takes two approvals from either team's leads, and
 * its AccessPolicy `approvals` lets each team's leads approve only their own deployment.
 */
const twoTeamsProject = (): string =>
  project().replace(
    '    checkout: {members: [gina]}\n',
    '    checkout: {members: [gina]}\n    credit-ml: {members: [judy, ken]}\n    credit-leads: {members: [lena, mike]}\n',
  );

const creditModel = (versions: ModelVersionOptions[] = DEFAULT_VERSIONS): string =>
  model(versions)
    .replace(/fraud-detector/g, 'credit-scorer')
    .replace('owners: [team:risk-ml]', 'owners: [team:credit-ml]');

export const creditDeployment = (env: string, traffic: Split): string =>
  deployment(env, traffic).replace(/fraud-detector/g, 'credit-scorer');

export const creditFile = (env: string): string => `environments/${env}/deployments/credit-scorer.yaml`;

/** An AccessPolicy named `name` with `rules`, each a flow mapping such as `{effect: allow, ...}`. */
export const accessPolicy = (name: string, rules: string[]): string =>
  `${HEAD}kind: AccessPolicy\nmetadata: {name: ${name}}\nspec:\n  rules:\n${rules.map((r) => `    - ${r}\n`).join('')}`;

export const LEADS_APPROVE_THEIR_OWN = [
  '{effect: allow, subjects: [team:risk-ml-leads], actions: [approve], resources: [deployment:fraud-detector]}',
  '{effect: allow, subjects: [team:credit-leads], actions: [approve], resources: [deployment:credit-scorer]}',
];

export const PROD_APPROVALS_FILE = 'environments/prod/approvals.yaml';

/** Both models at `traffic` in every environment; prod approvals scoped by `LEADS_APPROVE_THEIR_OWN`. */
export function twoTeamsRepo(traffic: Split = [['3.2.0', 100]]): Files {
  const files: Files = {
    ...gateRepo(traffic),
    'slipway.yaml': twoTeamsProject(),
    'models/credit-scorer/model.yaml': creditModel(),
    'environments/prod/environment.yaml': environment('prod').replace(
      'from: [team:risk-ml-leads]',
      'from: [team:risk-ml-leads, team:credit-leads]',
    ),
    [PROD_APPROVALS_FILE]: accessPolicy('approvals', LEADS_APPROVE_THEIR_OWN),
  };
  for (const env of ['dev', 'staging', 'prod']) files[creditFile(env)] = creditDeployment(env, traffic);
  return files;
}
