import { declaredKey } from '../../world/config.js';
import type { Rule } from './context.js';

/** Names are unique per (environment, kind); the Project exists and lists every environment folder. */
export const layoutRules: Rule = ({ config, report }) => {
  for (const dup of config.duplicates) {
    const where = dup.env ? ` in environment \`${dup.env}\`` : '';
    report(dup, {
      code: 'duplicate-name',
      message:
        dup.kind === 'Project'
          ? 'a second Project document'
          : `another ${dup.kind} named \`${dup.name}\` is already declared${where}`,
      hint:
        dup.kind === 'Project'
          ? 'keep one Project, in slipway.yaml'
          : 'rename one of them; names are unique per environment and kind',
      path: ['metadata', 'name'],
    });
  }
  const project = config.project;
  if (!project) {
    if (!config.declared.has(declaredKey(undefined, 'Project', '*'))) {
      const first =
        [...config.models.values()][0] ?? [...config.environments.values()].find((e) => e.environment)?.environment;
      if (first)
        report(first, {
          code: 'missing-project',
          message: 'the repository has no `slipway.yaml` Project',
          hint: 'create slipway.yaml with kind: Project and spec.environments listing your environments',
          path: [],
        });
    }
    return;
  }
  const listed = project.resource.spec.environments;
  for (const env of config.environments.values()) {
    if (!listed.includes(env.name)) {
      const doc =
        env.environment ??
        [
          ...env.deployments.values(),
          ...env.dataSources.values(),
          ...env.errorPolicies.values(),
          ...env.accessPolicies.values(),
          ...env.consumers.values(),
        ][0];
      if (doc)
        report(doc, {
          code: 'environment-not-in-project',
          message: `environment \`${env.name}\` is not listed in slipway.yaml \`spec.environments\` (${listed.join(', ')})`,
          hint: `add \`${env.name}\` to spec.environments in slipway.yaml, in promotion order`,
          path: doc.kind === 'Environment' ? ['metadata', 'name'] : [],
        });
    }
  }
  listed.forEach((name, i) => {
    const env = config.environments.get(name);
    if (!env?.environment && !config.declared.has(declaredKey(name, 'Environment', name))) {
      report(project, {
        code: 'missing-environment',
        message: `environment \`${name}\` has no \`environments/${name}/environment.yaml\``,
        hint: `create environments/${name}/environment.yaml with kind: Environment`,
        path: ['spec', 'environments', i],
      });
    }
  });
};
