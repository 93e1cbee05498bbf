import type { AccessRule, Action } from '../kinds/index.js';

/** Where a rule was declared, so decisions can point at it. */
export interface RuleSource<D = unknown> {
  /** The AccessPolicy document (or any handle the caller wants back). */
  policy: D;
  /** Index in `spec.rules`. */
  index: number;
  rule: AccessRule;
}

/** The outcome of an access question; default deny, and an explicit deny wins over any allow. */
export type AccessDecision<D = unknown> =
  { effect: 'allow'; by: RuleSource<D> } | { effect: 'deny'; by: RuleSource<D> } | { effect: 'default-deny' };

/**
 * Whether `pattern` (with `*` matching any run of characters, including none) matches `text`.
 * Greedy with backtracking to the last star only: linear in practice, never exponential.
 */
export function globMatch(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return pattern === text;
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * Access rules of one environment, indexed so that a question only looks at the rules that
 * could name its subject or resource (plus the fully wildcarded ones), not at every rule.
 */
export class AccessIndex<D = unknown> {
  private readonly bySubject = new Map<string, RuleSource<D>[]>();
  private readonly byResource = new Map<string, RuleSource<D>[]>();
  private readonly wild: RuleSource<D>[] = [];
  /** Rules with a globbed resource: they may reach any resource. */
  private readonly globResource: RuleSource<D>[] = [];
  private readonly teamsOfUser = new Map<string, string[]>();

  /** `teams`: members of each team (GitHub logins), so `team:x` rules cover `user:` subjects. */
  constructor(sources: Iterable<RuleSource<D>>, teams: Record<string, { members: string[] }> = {}) {
    for (const [team, { members }] of Object.entries(teams)) {
      for (const login of members) {
        let list = this.teamsOfUser.get(login);
        if (!list) this.teamsOfUser.set(login, (list = []));
        list.push(`team:${team}`);
      }
    }
    for (const source of sources) {
      const exactSubjects = source.rule.subjects.filter((s) => !s.includes('*'));
      const exactResources = source.rule.resources.filter((r) => !r.includes('*'));
      const anyGlobSubject = exactSubjects.length < source.rule.subjects.length;
      const anyGlobResource = exactResources.length < source.rule.resources.length;
      for (const s of exactSubjects) push(this.bySubject, s, source);
      for (const r of exactResources) push(this.byResource, r, source);
      // A rule whose globbed subjects meet globbed resources is reachable through neither index.
      if (anyGlobSubject && anyGlobResource) this.wild.push(source);
      if (anyGlobResource) this.globResource.push(source);
    }
  }

  /** Subjects a subject acts as: itself, and for `user:<login>` every team the login belongs to. */
  identities(subject: string): string[] {
    if (!subject.startsWith('user:')) return [subject];
    return [subject, ...(this.teamsOfUser.get(subject.slice('user:'.length)) ?? [])];
  }

  /** Every rule that names `resource`, exactly or by a glob, in declaration order (each once). */
  reaching(resource: string): RuleSource<D>[] {
    const out = new Set(this.byResource.get(resource) ?? []);
    for (const s of this.globResource) if (s.rule.resources.some((r) => globMatch(r, resource))) out.add(s);
    return [...out];
  }

  /** May `subject` take `action` on `resource` (e.g. `deployment:fraud-detector`)? */
  decide(subject: string, action: Action, resource: string): AccessDecision<D> {
    const ids = this.identities(subject);
    const candidates = new Set<RuleSource<D>>();
    for (const id of ids) for (const s of this.bySubject.get(id) ?? []) candidates.add(s);
    for (const s of this.byResource.get(resource) ?? []) candidates.add(s);
    for (const s of this.wild) candidates.add(s);
    let allow: RuleSource<D> | undefined;
    let deny: RuleSource<D> | undefined;
    for (const source of candidates) {
      const { rule } = source;
      if (!rule.actions.includes(action)) continue;
      if (!rule.resources.some((r) => globMatch(r, resource))) continue;
      if (!rule.subjects.some((s) => ids.some((id) => globMatch(s, id)))) continue;
      if (rule.effect === 'deny') deny ??= source;
      else allow ??= source;
    }
    if (deny) return { effect: 'deny', by: deny };
    if (allow) return { effect: 'allow', by: allow };
    return { effect: 'default-deny' };
  }
}

function push<D>(map: Map<string, RuleSource<D>[]>, key: string, value: RuleSource<D>): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  if (list[list.length - 1] !== value) list.push(value);
}
