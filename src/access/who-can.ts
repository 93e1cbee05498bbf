import type { Action } from '../kinds/index.js';
import { AccessIndex, globMatch } from '../validate/access-eval.js';
import type { Config, EnvConfig } from '../world/config.js';
import { checkAction, checkResource, envOf, subjectKind, teamsOf, type SubjectKind } from './query.js';
import { fit, rulesOf } from './rules.js';

/** One subject allowed to act. */
export interface Grantee {
  subject: string;
  kind: SubjectKind;
  /** For a user allowed only as a member: the teams (by name) whose rules allow it. */
  via?: string[];
  /** A pattern such as `service:*` that an allow rule names: any matching subject not denied. */
  wildcard?: true;
}

export interface WhoCan {
  env: string;
  action: Action;
  resource: string;
  /** Sorted by subject; teams, their members and the subjects rules name, minus every one a deny covers. */
  subjects: Grantee[];
}

/**
 * Every subject allowed `action` on `resource` in `env`: the subjects allow rules name, teams
 * expanded to their members, and the known subjects (teams, members, consumers' services) that a
 * wildcard subject covers, each kept only when the evaluator allows it (an explicit deny wins).
 */
export function whoCan(config: Config, env: string, action: Action, resource: string): WhoCan {
  checkAction(action);
  checkResource(resource);
  const envConfig = envOf(config, env);
  return { env: envConfig.name, action, resource, subjects: grantees(config, envConfig, action, resource) };
}

/** `whoCan` on an environment already resolved (the pii paths ask it many times). */
export function grantees(config: Config, env: EnvConfig, action: Action, resource: string): Grantee[] {
  const teams = teamsOf(config);
  const sources = rulesOf(env);
  const index = new AccessIndex(sources, teams);
  const allowing = sources.filter((s) => {
    const f = fit(s, [], action, resource);
    return s.rule.effect === 'allow' && f.action && f.resource;
  });
  const known = knownSubjects(config, env);
  const candidates = new Set<string>();
  const wildcards = new Set<string>();
  for (const { rule } of allowing) {
    for (const pattern of rule.subjects) {
      if (pattern.includes('*')) {
        wildcards.add(pattern);
        for (const s of known) if (globMatch(pattern, s)) candidates.add(s);
      } else candidates.add(pattern);
      const team = pattern.startsWith('team:') ? pattern.slice('team:'.length) : undefined;
      for (const [name, { members }] of Object.entries(teams))
        if (team !== undefined && globMatch(team, name)) for (const m of members) candidates.add(`user:${m}`);
    }
  }
  const out: Grantee[] = [];
  for (const subject of candidates) {
    if (index.decide(subject, action, resource).effect !== 'allow') continue;
    const g: Grantee = { subject, kind: subjectKind(subject) };
    const ids = index.identities(subject);
    const fits = allowing.map((s) => fit(s, ids, action, resource).matchedAs);
    if (!fits.includes(subject)) {
      const via = [...new Set(fits.filter((id): id is string => id !== undefined))].map((id) => id.slice(5)).sort();
      if (via.length) g.via = via;
    }
    out.push(g);
  }
  for (const pattern of wildcards) out.push({ subject: pattern, kind: subjectKind(pattern), wildcard: true });
  return out.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
}

/** Subjects the configuration knows by name: teams, their members, and consumers' identities here. */
function knownSubjects(config: Config, env: EnvConfig): Set<string> {
  const out = new Set<string>();
  for (const [name, { members }] of Object.entries(teamsOf(config))) {
    out.add(`team:${name}`);
    for (const m of members) out.add(`user:${m}`);
  }
  for (const c of env.consumers.values()) out.add(c.resource.spec.subject);
  return out;
}
