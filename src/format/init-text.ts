import type { ScaffoldProblem } from '../world/scaffold.js';
import { plural } from './style.js';

/** `slipway init` done: what was written, and what to do next. */
export function formatInitWritten(result: { name: string; files: readonly string[] }, where: string): string {
  const next = where === '.' ? '' : `cd ${where}, `;
  return [
    `Created ${result.name} in ${where}: ${plural(result.files.length, 'file')}`,
    ...result.files.map((f) => `  ${f}`),
    '',
    `Next: ${next}replace your-github-login in slipway.yaml, run \`slipway validate\`, then commit and push (git init first if this is not a repository yet).`,
    '',
  ].join('\n');
}

/** `slipway init` refused: the files in the way. */
export function formatInitExists(existing: readonly string[], where: string): string {
  return [
    `error: refusing to init ${where}: ${plural(existing.length, 'file')} it would write already ${existing.length === 1 ? 'exists' : 'exist'} (nothing was written):`,
    ...existing.map((f) => `  ${f}`),
    'hint: init a new or empty folder, e.g. `slipway init ml-config`, or move these files away',
    '',
  ].join('\n');
}

/** A name or version the scaffold refuses, as a usage error's message and hint. */
export function scaffoldProblemText(problem: ScaffoldProblem): { message: string; hint: string } {
  switch (problem.kind) {
    case 'invalid-name':
      return {
        message: `--name "${problem.name}" is not a valid project name`,
        hint: 'use a lowercase DNS label: letters, digits and -, at most 63 characters, e.g. --name acme-ml',
      };
    case 'invalid-version':
      return { message: `"${problem.version}" is not a slipway version`, hint: 'this is a bug: please report it' };
  }
}
