import type { TypedDoc } from '../../load/document.js';
import type { Rule } from './context.js';
import { modelVersions, projectOrder } from './lookup.js';

/**
 * Traffic splits and serving modes: percents sum to 100 with no version twice, no revoked
 * version is live, candidates stay in the first environment, realtime has an endpoint and batch
 * a schedule and an output, endpoint paths are unique per environment (both deployments are
 * reported), replicas are ordered.
 */
export const trafficRules: Rule = ({ config, report }) => {
  const versions = modelVersions(config);
  const order = projectOrder(config);
  const first = order[0];

  for (const env of config.environments.values()) {
    const paths = new Map<string, TypedDoc<'Deployment'>[]>();
    for (const dep of env.deployments.values()) {
      const spec = dep.resource.spec;
      const traffic = spec.traffic;

      const sum = traffic.reduce((total, t) => total + t.percent, 0);
      if (sum !== 100) {
        report(dep, {
          code: 'traffic-sum',
          message: `traffic percents sum to ${sum} (${traffic.map((t) => `${t.version}: ${t.percent}`).join(', ')}); they must sum to 100`,
          hint: sum < 100 ? `add ${100 - sum} to one of the entries` : `remove ${sum - 100} from the entries`,
          path: ['spec', 'traffic'],
        });
      }

      const seen = new Map<string, number>();
      traffic.forEach((t, i) => {
        const before = seen.get(t.version);
        if (before !== undefined) {
          report(dep, {
            code: 'traffic-duplicate-version',
            message: `version ${t.version} appears twice in traffic (entries ${before} and ${i})`,
            hint: `merge them into one entry with percent ${traffic[before]!.percent + t.percent}`,
            path: ['spec', 'traffic', i, 'version'],
          });
        } else seen.set(t.version, i);

        const entry = versions.get(spec.model)?.get(t.version);
        if (!entry) return;
        const status = entry.version.status;
        if (status === 'revoked' && t.percent > 0) {
          report(dep, {
            code: 'revoked-version-live',
            message: `version ${t.version} of \`${spec.model}\` is revoked but receives ${t.percent}% of traffic`,
            hint: 'move its traffic to an approved version; revoked versions must never serve',
            path: ['spec', 'traffic', i, 'version'],
          });
        } else if (status === 'deprecated' && t.percent > 0) {
          report(dep, {
            code: 'deprecated-version-live',
            message: `version ${t.version} of \`${spec.model}\` is deprecated but receives ${t.percent}% of traffic`,
            hint: 'promote a newer approved version and move traffic to it',
            path: ['spec', 'traffic', i, 'version'],
          });
        } else if (status === 'candidate' && first !== undefined && env.name !== first && order.includes(env.name)) {
          report(dep, {
            code: 'candidate-beyond-first-env',
            message: `version ${t.version} of \`${spec.model}\` is a candidate, but \`${env.name}\` is not the first environment (\`${first}\`)`,
            hint: `approve it first: set \`status: approved\` on ${t.version} in models/${spec.model}/model.yaml`,
            path: ['spec', 'traffic', i, 'version'],
          });
        }
      });

      if (spec.mode === 'realtime') {
        if (!spec.endpoint) {
          report(dep, {
            code: 'realtime-needs-endpoint',
            message: `realtime deployment \`${dep.name}\` has no endpoint`,
            hint: `add \`endpoint: {path: /v1/${dep.name}}\` under spec`,
            path: ['spec', 'mode'],
          });
        }
        const extra = (['schedule', 'output'] as const).filter((f) => spec[f] !== undefined);
        for (const field of extra) {
          report(dep, {
            code: 'mode-field-mismatch',
            message: `\`spec.${field}\` is for batch deployments; \`${dep.name}\` is realtime, so it is ignored`,
            hint: `remove \`${field}\`, or set \`mode: batch\``,
            path: ['spec', field],
            at: 'key',
          });
        }
      } else {
        if (spec.schedule === undefined) {
          report(dep, {
            code: 'batch-needs-schedule',
            message: `batch deployment \`${dep.name}\` has no schedule`,
            hint: 'add a five-field cron schedule under spec, e.g. `schedule: "0 2 * * *"`',
            path: ['spec', 'mode'],
          });
        }
        if (!spec.output) {
          report(dep, {
            code: 'batch-needs-output',
            message: `batch deployment \`${dep.name}\` has no output`,
            hint: 'add `output: {dataSource: <name>}` naming the DataSource its predictions are written to',
            path: ['spec', 'mode'],
          });
        }
        if (spec.endpoint) {
          report(dep, {
            code: 'mode-field-mismatch',
            message: `\`spec.endpoint\` is for realtime deployments; \`${dep.name}\` is batch, so it is ignored`,
            hint: 'remove `endpoint`, or set `mode: realtime`',
            path: ['spec', 'endpoint'],
            at: 'key',
          });
        }
      }

      if (spec.endpoint && spec.mode === 'realtime') {
        const sharing = paths.get(spec.endpoint.path);
        if (sharing) sharing.push(dep);
        else paths.set(spec.endpoint.path, [dep]);
      }

      const replicas = spec.resources?.replicas;
      if (replicas && replicas.min > replicas.max) {
        report(dep, {
          code: 'invalid-replicas',
          message: `replicas.min (${replicas.min}) is greater than replicas.max (${replicas.max})`,
          hint: `set min to at most ${replicas.max}, or raise max to at least ${replicas.min}`,
          path: ['spec', 'resources', 'replicas', 'min'],
        });
      }
    }

    // Every deployment sharing a path is reported, in its own file: either may be the one to move.
    for (const [endpoint, deps] of paths) {
      if (deps.length < 2) continue;
      for (const dep of deps) {
        const others = deps.filter((d) => d !== dep);
        report(dep, {
          code: 'duplicate-endpoint-path',
          message: `endpoint path \`${endpoint}\` is also used by ${others.length === 1 ? 'deployment' : 'deployments'} ${joinAnd(others.map((o) => `\`${o.name}\` (${o.file})`))} in environment \`${env.name}\``,
          hint: `give each deployment its own path, e.g. /v1/${dep.name} for \`${dep.name}\``,
          path: ['spec', 'endpoint', 'path'],
          related: [...new Set(others.map((o) => o.file))],
        });
      }
    }
  }
};

/** `a`, `a and b`, `a, b and c`. */
function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}
