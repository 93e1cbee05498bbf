import type { TypedDoc } from '../../load/document.js';
import type { PathSegment } from '../../model/diagnostic.js';
import type { Rule } from './context.js';
import { listOf } from './lookup.js';

const LESS_PROTECTED = new Set(['public', 'internal']);

/**
 * Data flow: what a deployment computes from `pii` inputs is written (its batch output, its error
 * policy's dead letter) only to sources at least `confidential`, or to a source declared
 * anonymised from each of those inputs (`spec.derivedFrom`).
 */
export const piiFlowRules: Rule = ({ config, report }) => {
  for (const env of config.environments.values()) {
    for (const dep of env.deployments.values()) {
      const spec = dep.resource.spec;
      const pii = (spec.inputs ?? []).filter(
        (name) => env.dataSources.get(name)?.resource.spec.classification === 'pii',
      );
      if (pii.length === 0) continue;
      const reads = `deployment \`${dep.name}\` reads pii (${listOf(pii)})`;

      const check = (sink: TypedDoc<'DataSource'>, path: PathSegment[], writes: string, deadLetter: boolean): void => {
        const { classification, derivedFrom } = sink.resource.spec;
        if (!LESS_PROTECTED.has(classification)) return;
        const covered = derivedFrom?.anonymised === true ? new Set(derivedFrom.sources) : new Set<string>();
        const uncovered = pii.filter((name) => !covered.has(name));
        if (uncovered.length === 0) return;
        const declared =
          derivedFrom?.anonymised === true
            ? `; \`${sink.name}\` is declared anonymised from ${listOf(derivedFrom.sources)} only, not from ${listOf(uncovered)}`
            : '';
        const protect = `classify \`${sink.name}\` (${sink.file}) \`confidential\` or \`pii\`, or write to a source that is`;
        report(dep, {
          code: 'pii-to-less-protected-sink',
          message: `${reads} and ${writes} \`${sink.name}\`, classified ${classification}: personal data would land in a less protected source${declared}`,
          hint: deadLetter
            ? `failed requests carry their raw inputs: ${protect}`
            : derivedFrom?.anonymised === true
              ? `if its anonymisation covers ${listOf(uncovered)} too, add ${uncovered.length === 1 ? 'it' : 'them'} to \`derivedFrom.sources\` of \`${sink.name}\`; otherwise ${protect}`
              : `${protect}; or, if \`${dep.name}\` removes the personal data, declare it on \`${sink.name}\`: \`derivedFrom: {sources: [${pii.join(', ')}], anonymised: true, method: aggregation}\``,
          path,
        });
      };

      const output = spec.mode === 'batch' && spec.output ? env.dataSources.get(spec.output.dataSource) : undefined;
      if (output) check(output, ['spec', 'output', 'dataSource'], 'writes its output to', false);
      const policy = spec.errorPolicy === undefined ? undefined : env.errorPolicies.get(spec.errorPolicy);
      const deadLetter = policy?.resource.spec.deadLetter;
      const sink = deadLetter ? env.dataSources.get(deadLetter.dataSource) : undefined;
      if (sink)
        check(
          sink,
          ['spec', 'errorPolicy'],
          `its error policy \`${policy!.name}\` sends failed requests to the dead letter`,
          true,
        );
    }
  }
};
