// semver's own modules, not its index: the index loads all of semver's fifty files.
import Range from 'semver/classes/range.js';
import type SemVer from 'semver/classes/semver.js';
import compareVersions from 'semver/functions/compare.js';
import parseVersion from 'semver/functions/parse.js';
import type { TypedDoc } from '../../load/document.js';
import { compareContracts } from '../contract.js';
import { contractSchemaProblems } from '../contract-schema.js';
import type { Rule, RuleContext } from './context.js';
import { modelVersions } from './lookup.js';
import { quoted } from '../../model/echo.js';

interface Use {
  consumer: TypedDoc<'Consumer'>;
  index: number;
  range: string;
  parsed: Range;
}

/**
 * Consumers and contracts: every live version satisfies the range of every consumer that uses
 * its deployment, live versions used by consumers have a contract, and a contract does not break
 * within a major version.
 */
export const consumptionRules: Rule = (ctx) => {
  const { config, report } = ctx;
  const versions = modelVersions(config);
  const reportedMissing = new Set<string>();
  // Parsing ranges and versions dominates semver checks; each distinct one is parsed once.
  const ranges = new Map<string, Range | null>();
  const rangeOf = (text: string): Range | null => {
    let range = ranges.get(text);
    if (range === undefined) {
      try {
        range = new Range(text, { includePrerelease: true });
      } catch {
        range = null;
      }
      ranges.set(text, range);
    }
    return range;
  };
  const parsedVersions = new Map<string, SemVer | null>();
  const versionOf = (text: string): SemVer | null => {
    let v = parsedVersions.get(text);
    if (v === undefined) parsedVersions.set(text, (v = parseVersion(text)));
    return v;
  };

  for (const env of config.environments.values()) {
    // Group uses by deployment so each deployment's live versions meet only its own consumers.
    const usesOf = new Map<string, Use[]>();
    for (const consumer of env.consumers.values()) {
      consumer.resource.spec.uses.forEach((use, index) => {
        const range = rangeOf(use.contract);
        if (range === null) {
          report(consumer, {
            code: 'invalid-semver-range',
            message: `contract ${quoted(use.contract)} is not a semver range`,
            hint: 'write a range such as `^3.0.0`, `~3.2.0` or `>=3.0.0 <5.0.0`',
            path: ['spec', 'uses', index, 'contract'],
          });
          return;
        }
        let list = usesOf.get(use.deployment);
        if (!list) usesOf.set(use.deployment, (list = []));
        list.push({ consumer, index, range: use.contract, parsed: range });
      });
    }

    for (const [name, uses] of usesOf) {
      const dep = env.deployments.get(name);
      if (!dep) continue;
      const model = dep.resource.spec.model;
      dep.resource.spec.traffic.forEach((t, i) => {
        if (t.percent <= 0) return;
        const version = versionOf(t.version);
        for (const use of uses) {
          if (version === null || use.parsed.test(version)) continue;
          report(dep, {
            code: 'consumer-range-unsatisfied',
            message: `live version ${t.version} (${t.percent}%) does not satisfy consumer \`${use.consumer.name}\`'s contract \`${use.range}\` (${use.consumer.file})`,
            hint: `route this traffic to a version in \`${use.range}\`, or have \`${use.consumer.name}\` accept ${t.version} by widening its contract once it handles the change`,
            path: ['spec', 'traffic', i, 'version'],
          });
        }
        const entry = versions.get(model)?.get(t.version);
        if (!entry || entry.version.contract || reportedMissing.has(`${model}@${t.version}`)) return;
        reportedMissing.add(`${model}@${t.version}`);
        report(entry.model, {
          code: 'missing-contract',
          message: `version ${t.version} of \`${model}\` is live in \`${env.name}\` and used by consumer \`${uses[0]!.consumer.name}\`, but has no contract to check it against`,
          hint: 'add `contract: {input: {...}, output: {...}}` with JSON Schemas of its requests and responses',
          path: ['spec', 'versions', entry.index, 'version'],
        });
      });
    }
  }

  checkContractCompatibility(ctx);
};

/**
 * Within one major version (one minor for 0.x), each version's contract must not break the
 * previous version's. Sorting keeps this linear in the number of versions.
 */
function checkContractCompatibility({ config, report }: RuleContext): void {
  for (const model of config.models.values()) {
    // Each side serialized once: the text keys the meta-schema verdicts and compares versions.
    const texts = model.resource.spec.versions.map((v) => ({
      input: JSON.stringify(v.contract?.input),
      output: JSON.stringify(v.contract?.output),
    }));
    model.resource.spec.versions.forEach((v, index) => {
      for (const side of ['input', 'output'] as const) {
        const schema = v.contract?.[side];
        if (schema === undefined) continue;
        for (const problem of contractSchemaProblems(schema, texts[index]![side])) {
          report(model, {
            code: 'invalid-contract-schema',
            message: `the ${side} contract of ${v.version} is not a valid JSON Schema: ${problem.message}`,
            hint:
              problem.hint ??
              'write a JSON Schema (draft-07), e.g. `{type: object, required: [amount], properties: {amount: {type: number}}}`',
            path: ['spec', 'versions', index, 'contract', side, ...problem.path],
          });
        }
      }
    });
    const byLine = new Map<string, { version: string; index: number }[]>();
    model.resource.spec.versions.forEach((v, index) => {
      const parsed = parseVersion(v.version);
      if (!parsed || !v.contract) return;
      const line = parsed.major > 0 ? `${parsed.major}` : `0.${parsed.minor}`;
      let list = byLine.get(line);
      if (!list) byLine.set(line, (list = []));
      list.push({ version: v.version, index });
    });
    for (const list of byLine.values()) {
      if (list.length < 2) continue;
      list.sort((a, b) => compareVersions(a.version, b.version));
      for (let k = 1; k < list.length; k++) {
        const prev = list[k - 1]!;
        const next = list[k]!;
        if (prev.version === next.version) continue;
        const versions = model.resource.spec.versions;
        const before = versions[prev.index]!.contract;
        const after = versions[next.index]!.contract;
        // The same contract written again cannot break anything; most version pairs are this.
        if (
          texts[prev.index]!.input === texts[next.index]!.input &&
          texts[prev.index]!.output === texts[next.index]!.output
        )
          continue;
        const changes = compareContracts(before, after);
        for (const change of changes) {
          const parsed = parseVersion(next.version)!;
          const bump = parsed.major > 0 ? `${parsed.major + 1}.0.0` : `0.${parsed.minor + 1}.0`;
          report(model, {
            code: 'contract-breaking-change',
            message: `version ${next.version} breaks the contract of ${prev.version}: ${change.message}`,
            hint: `release this contract as a new major version (${bump}), or keep it compatible with ${prev.version}`,
            path: ['spec', 'versions', next.index, 'contract', ...change.path],
          });
        }
      }
    }
  }
}
