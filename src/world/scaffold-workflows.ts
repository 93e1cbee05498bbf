/**
 * GitHub Actions workflows of a new configuration repository, mirroring this repository's own
 * (.github/workflows/config.yml and reconcile.yml): validate on every change, gate pull requests,
 * and reconcile dev, then staging, then prod (from a reviewed plan) on main, then publish the
 * operator's page.
 */

const CONFIG_PATHS = `      - 'models/**'
      - 'environments/**'
      - 'slipway.yaml'`;

const setup = (version: string): string => `      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install slipway
        run: npm install --global slipway@${version}`;

function validate(version: string): string {
  return `# Validates the configuration on every push to main and every pull request: annotations on the
# pull request, and a SARIF report for code scanning.
name: validate

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read
  security-events: write  # upload the SARIF report

jobs:
  validate:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
${setup(version)}
      - name: Validate
        run: slipway validate --format github
      - name: Validate (SARIF)
        if: \${{ !cancelled() }}
        run: slipway validate --format sarif --output slipway.sarif
      - name: Upload SARIF
        if: \${{ !cancelled() && hashFiles('slipway.sarif') != '' }}
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: slipway.sarif
          category: slipway
`;
}

function gate(version: string): string {
  return `# Gates every pull request that changes the configuration with the base branch's policies:
# a comment on the pull request and the \`slipway/gate\` check run. Reviews re-run it, so an
# approval can turn the check green without a new push.
name: gate

on:
  pull_request:
    paths:
${CONFIG_PATHS}
  pull_request_review:
    types: [submitted, edited, dismissed]

permissions:
  contents: read          # check out both revisions
  pull-requests: write    # read reviews, upsert the gate comment
  checks: write           # create the slipway/gate check run

concurrency:
  group: slipway-gate-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  gate:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the gate reads the base branch and its history (soak evidence)
${setup(version)}
      - name: Gate
        run: slipway gate --base origin/\${{ github.event.pull_request.base.ref }} --github
        env:
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
          # Soak times from what was applied; unset (or a fork's pull request), git history.
          SLIPWAY_STATE: \${{ secrets.SLIPWAY_STATE }}
`;
}

function applyJob(env: string, needs: string | undefined, version: string): string {
  return `  ${env}:
${needs ? `    needs: ${needs}\n` : ''}    runs-on: ubuntu-latest
    timeout-minutes: 15
    environment: ${env}
    steps:
      - uses: actions/checkout@v4
${setup(version)}
      - name: Apply ${env}
        run: slipway apply --env ${env} --yes
`;
}

function reconcile(version: string): string {
  return `# Reconciles the environments to what main declares: dev, then staging, then prod. Prod waits
# for the \`prod\` GitHub environment's required reviewers, who see the exact plan in the job
# summary, and the reviewed plan file is what gets applied.
name: reconcile

on:
  push:
    branches: [main]
    paths:
${CONFIG_PATHS}
  workflow_dispatch:

permissions:
  contents: read

# One reconcile at a time, in push order; never cancel an apply half-way.
concurrency:
  group: slipway-reconcile
  cancel-in-progress: false

env:
  # A shared state store (PostgreSQL) so every job and every run sees the same state.
  SLIPWAY_STATE: \${{ secrets.SLIPWAY_STATE }}

jobs:
${applyJob('dev', undefined, version)}
${applyJob('staging', 'dev', version)}
  plan-prod:
    needs: staging
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
${setup(version)}
      - name: Plan prod
        run: |
          slipway plan --env prod --out prod.plan
          slipway plan --env prod --format markdown >> "$GITHUB_STEP_SUMMARY"
      - uses: actions/upload-artifact@v4
        with:
          name: prod-plan
          path: prod.plan
          retention-days: 7

  prod:
    needs: plan-prod
    runs-on: ubuntu-latest
    timeout-minutes: 15
    environment: prod
    steps:
      - uses: actions/checkout@v4
${setup(version)}
      - uses: actions/download-artifact@v4
        with:
          name: prod-plan
      - name: Apply prod (the reviewed plan)
        run: slipway apply --env prod --plan prod.plan --yes

  # The operator's page (what runs where, sync with main, pending promotions), after every
  # reconcile, whether it succeeded or not.
  report:
    needs: prod
    if: \${{ !cancelled() }}
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
${setup(version)}
      - name: Write the report
        run: slipway report --out report/index.html
      - uses: actions/upload-artifact@v4
        with:
          name: slipway-report
          path: report/index.html
          retention-days: 30
`;
}

/** The workflow files, by path; `version` pins the slipway installed in CI. */
export function workflowFiles(version: string): [string, string][] {
  return [
    ['.github/workflows/validate.yml', validate(version)],
    ['.github/workflows/gate.yml', gate(version)],
    ['.github/workflows/reconcile.yml', reconcile(version)],
  ];
}
