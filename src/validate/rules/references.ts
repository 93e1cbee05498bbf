import type { Subject } from '../../kinds/index.js';
import type { EnvConfig } from '../../world/config.js';
import type { PathSegment } from '../../model/diagnostic.js';
import { didYouMean } from '../suggest.js';
import type { DocRef, Rule, RuleContext } from './context.js';
import { anyUnparsed, declaredNames, hasUnparsed, isDeclared, listOf, modelVersions } from './lookup.js';

/**
 * Every reference resolves: models, versions, data sources, error policies, teams, deployments,
 * service subjects, environments and lineage. A reference to a document that exists but failed
 * its schema is not reported again: that document already has its own finding.
 */
export const referenceRules: Rule = (ctx) => {
  const { config } = ctx;
  checkTeams(ctx);
  const allDataSources = declaredNames(config, 'DataSource');
  const modelNames = [...declaredNames(config, 'Model')];
  const versions = modelVersions(config);

  const modelRef = (doc: DocRef, name: string, path: PathSegment[], what: string): void => {
    if (isDeclared(config, undefined, 'Model', name)) return;
    ctx.report(doc, {
      code: 'unknown-model',
      message: `${what} \`${name}\` is not a model in models/`,
      hint:
        didYouMean(name, modelNames) ??
        `add models/${name}/model.yaml${modelNames.length ? `, or use one of ${listOf(modelNames)}` : ''}`,
      path,
    });
  };

  for (const env of config.environments.values()) {
    const dsNames = (): string[] => [...env.dataSources.keys()];
    const dataSourceRef = (doc: DocRef, name: string, path: PathSegment[], what: string): void => {
      if (isDeclared(config, env.name, 'DataSource', name)) return;
      ctx.report(doc, {
        code: 'unknown-data-source',
        message: `${what} \`${name}\` is not a DataSource in environment \`${env.name}\``,
        hint:
          didYouMean(name, dsNames()) ??
          `declare a DataSource named \`${name}\` under environments/${env.name}/ (known: ${listOf(dsNames())})`,
        path,
      });
    };

    for (const dep of env.deployments.values()) {
      const spec = dep.resource.spec;
      modelRef(dep, spec.model, ['spec', 'model'], 'deployment model');
      const known = versions.get(spec.model);
      if (known) {
        spec.traffic.forEach((t, i) => {
          if (known.has(t.version)) return;
          ctx.report(dep, {
            code: 'unknown-version',
            message: `version \`${t.version}\` is not a version of model \`${spec.model}\` (it has ${listOf([...known.keys()])})`,
            hint:
              didYouMean(t.version, known.keys()) ??
              `add ${t.version} to models/${spec.model}/model.yaml first, or route traffic to an existing version`,
            path: ['spec', 'traffic', i, 'version'],
          });
        });
      }
      spec.inputs?.forEach((name, i) => dataSourceRef(dep, name, ['spec', 'inputs', i], 'input'));
      if (spec.output)
        dataSourceRef(dep, spec.output.dataSource, ['spec', 'output', 'dataSource'], 'output data source');
      if (spec.errorPolicy !== undefined && !isDeclared(config, env.name, 'ErrorPolicy', spec.errorPolicy)) {
        const names = [...env.errorPolicies.keys()];
        ctx.report(dep, {
          code: 'unknown-error-policy',
          message: `error policy \`${spec.errorPolicy}\` is not an ErrorPolicy in environment \`${env.name}\``,
          hint:
            didYouMean(spec.errorPolicy, names) ??
            `declare an ErrorPolicy named \`${spec.errorPolicy}\` under environments/${env.name}/ (known: ${listOf(names)})`,
          path: ['spec', 'errorPolicy'],
        });
      }
    }

    for (const ds of env.dataSources.values()) {
      ds.resource.spec.derivedFrom?.sources.forEach((name, i) =>
        dataSourceRef(ds, name, ['spec', 'derivedFrom', 'sources', i], 'derived-from data source'),
      );
    }

    for (const policy of env.errorPolicies.values()) {
      const dl = policy.resource.spec.deadLetter;
      if (dl) dataSourceRef(policy, dl.dataSource, ['spec', 'deadLetter', 'dataSource'], 'dead-letter data source');
    }

    for (const consumer of env.consumers.values()) {
      consumer.resource.spec.uses.forEach((use, i) => {
        if (isDeclared(config, env.name, 'Deployment', use.deployment)) return;
        const names = [...env.deployments.keys()];
        ctx.report(consumer, {
          code: 'unknown-deployment',
          message: `consumer \`${consumer.name}\` uses \`${use.deployment}\`, which is not a Deployment in environment \`${env.name}\``,
          hint:
            didYouMean(use.deployment, names) ??
            `use one of ${listOf(names)}, or deploy \`${use.deployment}\` to ${env.name} first`,
          path: ['spec', 'uses', i, 'deployment'],
        });
      });
    }

    checkAccessReferences(ctx, env, modelNames);

    const environment = env.environment;
    if (environment) {
      environment.resource.spec.promotion?.metrics?.forEach((gate, i) => {
        gate.models?.forEach((name, j) =>
          modelRef(environment, name, ['spec', 'promotion', 'metrics', i, 'models', j], 'metric gate model'),
        );
      });
      const from = environment.resource.spec.promotion?.from;
      const order = config.project?.resource.spec.environments;
      if (from !== undefined && order && !order.includes(from) && !config.environments.has(from)) {
        ctx.report(environment, {
          code: 'unknown-environment',
          message: `promotion.from \`${from}\` is not an environment of the project (${listOf(order)})`,
          hint: didYouMean(from, order) ?? 'name the previous environment in slipway.yaml spec.environments',
          path: ['spec', 'promotion', 'from'],
        });
      }
    }
  }

  const unparsedSomewhere = anyUnparsed(config);
  for (const model of config.models.values()) {
    model.resource.spec.versions.forEach((v, i) => {
      v.trainedOn?.forEach((t, j) => {
        // Lineage may name a DataSource of any environment: with only some loaded, absence proves nothing.
        // A file that failed to parse anywhere may declare it too.
        if (allDataSources.has(t.dataSource) || ctx.scope || unparsedSomewhere) return;
        ctx.report(model, {
          code: 'unknown-lineage-data-source',
          message: `version ${v.version} was trained on \`${t.dataSource}\`, which no environment declares as a DataSource`,
          hint:
            didYouMean(t.dataSource, allDataSources) ??
            `declare the DataSource \`${t.dataSource}\` in an environment so its lineage can be traced`,
          path: ['spec', 'versions', i, 'trainedOn', j, 'dataSource'],
        });
      });
    });
  }
};

/** `service:` subjects of access rules are consumers' subjects; resources name existing things. */
function checkAccessReferences(ctx: RuleContext, env: EnvConfig, modelNames: string[]): void {
  if (env.accessPolicies.size === 0) return;
  const services = new Set<string>();
  for (const c of env.consumers.values()) services.add(c.resource.spec.subject);
  // A broken Consumer document may declare the subject: stay quiet rather than guess.
  const brokenConsumers =
    declaredNames(ctx.config, 'Consumer', env.name).size > env.consumers.size || hasUnparsed(ctx.config, env.name);
  const { config } = ctx;
  for (const policy of env.accessPolicies.values()) {
    policy.resource.spec.rules.forEach((rule, r) => {
      rule.subjects.forEach((subject, s) => {
        if (!subject.startsWith('service:') || subject.includes('*') || services.has(subject) || brokenConsumers)
          return;
        ctx.report(policy, {
          code: 'unknown-subject',
          message: `subject \`${subject}\` is not the subject of any Consumer in environment \`${env.name}\``,
          hint:
            didYouMean(subject, services) ??
            `declare a Consumer with \`subject: ${subject}\` in environments/${env.name}/, or remove the subject`,
          path: ['spec', 'rules', r, 'subjects', s],
        });
      });
      rule.resources.forEach((resource, i) => {
        const colon = resource.indexOf(':');
        const type = resource.slice(0, colon);
        const name = resource.slice(colon + 1);
        if (name.includes('*')) return;
        const exists =
          type === 'deployment'
            ? isDeclared(config, env.name, 'Deployment', name)
            : type === 'datasource'
              ? isDeclared(config, env.name, 'DataSource', name)
              : isDeclared(config, undefined, 'Model', name);
        if (exists) return;
        const candidates =
          type === 'deployment'
            ? [...env.deployments.keys()]
            : type === 'datasource'
              ? [...env.dataSources.keys()]
              : modelNames;
        ctx.report(policy, {
          code: 'unknown-resource',
          message: `resource \`${resource}\` names no ${type === 'deployment' ? 'Deployment' : type === 'datasource' ? 'DataSource' : 'Model'} ${type === 'model' ? 'in models/' : `in environment \`${env.name}\``}`,
          hint: didYouMean(name, candidates) ?? 'fix the name, or remove the resource from the rule',
          path: ['spec', 'rules', r, 'resources', i],
        });
      });
    });
  }
}

/**
 * Every `team:` subject names a team of the Project. A subject that authorizes (policy approvers,
 * promotion approvers, access rule subjects, a Consumer's identity) is an error: an undeclared team
 * has no members, so nobody can be resolved to it. An owner (Model owners, DataSource and Consumer
 * owner) only says whom to ask; a team kept outside slipway.yaml there is a warning.
 */
function checkTeams(ctx: RuleContext): void {
  const project = ctx.config.project;
  if (!project) return;
  const teams = project.resource.spec.teams ?? {};
  const names = Object.keys(teams);
  const check = (doc: DocRef, subject: Subject, path: PathSegment[], role: 'grants' | 'owns' = 'grants'): void => {
    if (!subject.startsWith('team:') || subject.includes('*')) return;
    const team = subject.slice('team:'.length);
    if (Object.prototype.hasOwnProperty.call(teams, team)) return;
    const owner = role === 'owns';
    ctx.report(doc, {
      code: owner ? 'unknown-owner-team' : 'unknown-team',
      message: `${owner ? 'owner team' : 'team'} \`${team}\` is not declared in slipway.yaml \`spec.teams\`${names.length ? ` (it declares ${listOf(names)})` : ''}`,
      hint:
        didYouMean(team, names) ??
        `add \`${team}: {members: [...]}\` under spec.teams in slipway.yaml${owner ? ', so the owners resolve to people' : ''}`,
      path,
    });
  };
  project.resource.spec.governance?.policyApprovers?.forEach((s, i) =>
    check(project, s, ['spec', 'governance', 'policyApprovers', i]),
  );
  for (const model of ctx.config.models.values())
    model.resource.spec.owners.forEach((s, i) => check(model, s, ['spec', 'owners', i], 'owns'));
  for (const env of ctx.config.environments.values()) {
    const e = env.environment;
    e?.resource.spec.promotion?.approvals?.from?.forEach((s, i) =>
      check(e, s, ['spec', 'promotion', 'approvals', 'from', i]),
    );
    for (const ds of env.dataSources.values()) check(ds, ds.resource.spec.owner, ['spec', 'owner'], 'owns');
    for (const c of env.consumers.values()) {
      if (c.resource.spec.owner !== undefined) check(c, c.resource.spec.owner, ['spec', 'owner'], 'owns');
      check(c, c.resource.spec.subject, ['spec', 'subject']);
    }
    for (const p of env.accessPolicies.values()) {
      p.resource.spec.rules.forEach((rule, r) =>
        rule.subjects.forEach((s, i) => check(p, s, ['spec', 'rules', r, 'subjects', i])),
      );
    }
  }
}
