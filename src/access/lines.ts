import { locateFindings } from '../load/locate.js';
import type { Finding } from '../model/diagnostic.js';
import type { RuleLocator } from './rules.js';

/**
 * A locator over the loaded files' texts (`LoadedTree.texts`). Documents do not keep positions
 * (validate re-parses only files with findings), so the files asked about are parsed once more
 * with the position-keeping parser, through the code validate uses, all in one batch.
 */
export function locatorFromTexts(texts: ReadonlyMap<string, string>): RuleLocator {
  return (targets) => {
    const findings: Finding<string>[] = targets.map((t, i) => ({
      severity: 'warning',
      code: String(i),
      message: '',
      file: t.file,
      document: t.document,
      path: [...t.path],
    }));
    const lines = new Array<number | undefined>(targets.length);
    // locateFindings sorts its output: the code carries each target's index back.
    for (const d of locateFindings(findings, texts)) if (texts.has(d.file)) lines[Number(d.code)] = d.line;
    return lines;
  };
}
