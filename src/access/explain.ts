import type { Action } from '../kinds/index.js';
import { AccessIndex } from '../validate/access-eval.js';
import type { Config } from '../world/config.js';
import { checkAction, checkResource, checkSubject, envOf, teamsOf } from './query.js';
import { addLines, fit, refOf, rulesOf, type RuleFit, type RuleLocator, type RuleRef } from './rules.js';

/** `allowed`; `explicit-deny` (a deny rule matched, whatever allowed it); `implicit-deny` (no rule allowed it). */
type AccessVerdict = 'allowed' | 'explicit-deny' | 'implicit-deny';

/** A rule that matched the question on all three counts. */
export interface MatchedRule extends RuleRef {
  effect: 'allow' | 'deny';
  /** The team (by name) through which a `user:` subject matched, when the rule names the team. */
  via?: string;
}

/** The one dimension on which a rule missed a question it otherwise matches. */
type NearMissReason = 'wrong-action' | 'wrong-resource' | 'wrong-subject';

/** A rule that would have matched but for one dimension: where a fix usually goes. */
export interface NearMiss extends RuleRef {
  effect: 'allow' | 'deny';
  reason: NearMissReason;
}

export interface AccessCheck {
  env: string;
  subject: string;
  action: Action;
  resource: string;
  decision: AccessVerdict;
  /** Every matching rule, allow and deny, in file order. */
  matched: MatchedRule[];
}

export interface AccessExplanation extends AccessCheck {
  /** Rules that miss the question on exactly one dimension, in file order. */
  nearMisses: NearMiss[];
}

export interface AccessOptions {
  /** Resolves lines of rules (e.g. `locatorFromTexts(loaded.texts)`); without it, refs have file and path only. */
  locate?: RuleLocator;
}

/**
 * May `subject` take `action` on `resource` in `env`? Default deny; an explicit deny wins. The
 * verdict is the validator's own evaluator (AccessIndex); `matched` lists every rule behind it.
 * Throws AccessQueryError for a question that cannot be asked (unknown environment, malformed subject).
 */
export function checkAccess(
  config: Config,
  env: string,
  subject: string,
  action: Action,
  resource: string,
  options: AccessOptions = {},
): AccessCheck {
  const { nearMisses: _, ...check } = evaluate(config, env, subject, action, resource, options, false);
  return check;
}

/** `checkAccess`, plus the rules that missed the question on exactly one dimension. */
export function explainAccess(
  config: Config,
  env: string,
  subject: string,
  action: Action,
  resource: string,
  options: AccessOptions = {},
): AccessExplanation {
  return evaluate(config, env, subject, action, resource, options, true);
}

function evaluate(
  config: Config,
  envName: string,
  subject: string,
  action: Action,
  resource: string,
  options: AccessOptions,
  withNearMisses: boolean,
): AccessExplanation {
  checkSubject(subject);
  checkAction(action);
  checkResource(resource);
  const env = envOf(config, envName);
  const sources = rulesOf(env);
  const index = new AccessIndex(sources, teamsOf(config));
  const identities = index.identities(subject);
  const matched: MatchedRule[] = [];
  const nearMisses: NearMiss[] = [];
  for (const source of sources) {
    const f = fit(source, identities, action, resource);
    if (f.matchedAs !== undefined && f.action && f.resource) {
      const m: MatchedRule = { ...refOf(source), effect: source.rule.effect };
      if (f.matchedAs !== subject) m.via = f.matchedAs.slice('team:'.length);
      matched.push(m);
    } else if (withNearMisses) {
      const reason = nearMissReason(f);
      if (reason) nearMisses.push({ ...refOf(source), effect: source.rule.effect, reason });
    }
  }
  addLines([...matched, ...nearMisses], options.locate);
  const decided = index.decide(subject, action, resource);
  const decision: AccessVerdict =
    decided.effect === 'allow' ? 'allowed' : decided.effect === 'deny' ? 'explicit-deny' : 'implicit-deny';
  return { env: env.name, subject, action, resource, decision, matched, nearMisses };
}

function nearMissReason(f: RuleFit): NearMissReason | undefined {
  const subject = f.matchedAs !== undefined;
  if (!subject && f.action && f.resource) return 'wrong-subject';
  if (subject && !f.action && f.resource) return 'wrong-action';
  if (subject && f.action && !f.resource) return 'wrong-resource';
  return undefined;
}
