import type { Rule } from './context.js';
import { listOf, projectOrder } from './lookup.js';

/**
 * Promotion policies: each environment promotes from the one before it in Project order,
 * freeze windows end after they start, metric gates can be met, approvals can be given.
 */
export const promotionRules: Rule = ({ config, report }) => {
  const order = projectOrder(config);
  const teams = config.project?.resource.spec.teams ?? {};
  for (const env of config.environments.values()) {
    const doc = env.environment;
    if (!doc) continue;
    const promotion = doc.resource.spec.promotion;
    if (!promotion) continue;
    const position = order.indexOf(env.name);

    const from = promotion.from;
    if (from !== undefined && position !== -1 && (order.includes(from) || config.environments.has(from))) {
      if (position === 0) {
        report(doc, {
          code: 'promotion-order',
          message: `\`${env.name}\` is the first environment in Project order, so nothing is promoted into it, yet promotion.from is \`${from}\``,
          hint: 'remove `promotion.from`; the first environment receives new versions directly',
          path: ['spec', 'promotion', 'from'],
        });
      } else if (order[position - 1] !== from) {
        report(doc, {
          code: 'promotion-order',
          message: `promotion.from is \`${from}\`, but the environment before \`${env.name}\` in Project order (${listOf(order)}) is \`${order[position - 1]!}\``,
          hint: `set \`from: ${order[position - 1]!}\`, or reorder spec.environments in slipway.yaml`,
          path: ['spec', 'promotion', 'from'],
        });
      }
    }

    promotion.freeze?.forEach((w, i) => {
      const start = Date.parse(w.from);
      const end = Date.parse(w.to);
      if (Number.isNaN(start) || Number.isNaN(end) || start < end) return;
      report(doc, {
        code: 'invalid-freeze-window',
        message: `freeze window ${w.reason ? `\`${w.reason}\` ` : ''}ends (${w.to}) ${start === end ? 'when' : 'before'} it starts (${w.from})`,
        hint: '`to` must be later than `from`',
        path: ['spec', 'promotion', 'freeze', i, 'to'],
      });
    });

    promotion.metrics?.forEach((gate, i) => {
      if (gate.min !== undefined && gate.max !== undefined && gate.min > gate.max) {
        report(doc, {
          code: 'invalid-metric-gate',
          message: `metric gate \`${gate.name}\` needs at least ${gate.min} and at most ${gate.max}, which no value meets`,
          hint: 'swap min and max, or fix the one that is wrong',
          path: ['spec', 'promotion', 'metrics', i, 'min'],
        });
      } else if (gate.min === undefined && gate.max === undefined) {
        report(doc, {
          code: 'invalid-metric-gate',
          message: `metric gate \`${gate.name}\` has neither min nor max, so it checks nothing`,
          hint: 'add `min:` or `max:`, or remove the gate',
          path: ['spec', 'promotion', 'metrics', i],
        });
      }
    });

    const approvals = promotion.approvals;
    if (
      approvals?.from &&
      approvals.from.length > 0 &&
      !approvals.from.some((s) => s.includes('*') || s.startsWith('service:'))
    ) {
      const people = new Set<string>();
      let unknownTeam = false;
      for (const subject of approvals.from) {
        if (subject.startsWith('user:')) people.add(subject.slice('user:'.length));
        else {
          const team = teams[subject.slice('team:'.length)];
          if (!team) unknownTeam = true;
          else for (const m of team.members) people.add(m);
        }
      }
      if (!unknownTeam && approvals.required > people.size) {
        report(doc, {
          code: 'approvals-unsatisfiable',
          message: `promotion needs ${approvals.required} approval${approvals.required === 1 ? '' : 's'} from ${listOf(approvals.from)}, but only ${people.size} ${people.size === 1 ? 'person' : 'people'} can approve`,
          hint: `lower \`required\` to at most ${people.size}, or add approvers`,
          path: ['spec', 'promotion', 'approvals', 'required'],
        });
      }
    }
  }
};
