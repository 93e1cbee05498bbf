import type { AccessRule, Action } from '../kinds/index.js';
import type { TypedDoc } from '../load/document.js';
import { globMatch, type RuleSource } from '../validate/access-eval.js';
import { toPointer, type PathSegment } from '../model/diagnostic.js';
import { policySources } from '../validate/rules/access.js';
import type { EnvConfig } from '../world/config.js';

type Policy = TypedDoc<'AccessPolicy'>;

/** A node of a document whose line is wanted. */
interface LocateTarget {
  file: string;
  document: number;
  path: readonly PathSegment[];
}

/** Finds the 1-based line of each target (undefined when unknown), in one batch; see `locatorFromTexts`. */
export type RuleLocator = (targets: readonly LocateTarget[]) => (number | undefined)[];

/** Where a rule is: its policy, its index in `spec.rules`, its file, and a JSON pointer to it. */
export interface RuleRef {
  policy: string;
  ruleIndex: number;
  file: string;
  /** Index of the YAML document in the file. */
  document: number;
  /** JSON pointer to the rule within its document, e.g. `/spec/rules/2`. */
  path: string;
  /** 1-based line of the rule, when a locator was given. */
  line?: number;
}

/** How one rule stands against one question, dimension by dimension. */
export interface RuleFit {
  source: RuleSource<Policy>;
  /** The identity the rule's subjects matched (the subject itself, or one of a user's teams). */
  matchedAs: string | undefined;
  action: boolean;
  resource: boolean;
}

/** The rules of an environment's AccessPolicies, in file order (the order validate reports them). */
export function rulesOf(env: EnvConfig): RuleSource<Policy>[] {
  return policySources(env);
}

/** How `rule` fits a question asked by a subject acting as `identities` (itself first). */
export function fit(
  source: RuleSource<Policy>,
  identities: readonly string[],
  action: Action,
  resource: string,
): RuleFit {
  const rule: AccessRule = source.rule;
  return {
    source,
    matchedAs: identities.find((id) => rule.subjects.some((s) => globMatch(s, id))),
    action: rule.actions.includes(action),
    resource: rule.resources.some((r) => globMatch(r, resource)),
  };
}

const rulePath = (index: number): PathSegment[] => ['spec', 'rules', index];

export function refOf(source: RuleSource<Policy>): RuleRef {
  return {
    policy: source.policy.name,
    ruleIndex: source.index,
    file: source.policy.file,
    document: source.policy.index,
    path: toPointer(rulePath(source.index)),
  };
}

/** Sets `line` on each reference, with one call to the locator for all of them. */
export function addLines(refs: readonly RuleRef[], locate: RuleLocator | undefined): void {
  if (!locate || refs.length === 0) return;
  const lines = locate(refs.map((r) => ({ file: r.file, document: r.document, path: rulePath(r.ruleIndex) })));
  refs.forEach((ref, i) => {
    const line = lines[i];
    if (line !== undefined) ref.line = line;
  });
}
