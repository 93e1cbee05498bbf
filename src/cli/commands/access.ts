import { AccessQueryError } from '../../access/index.js';
import { askAccess, type AccessQuestion, type AccessResult } from '../../app/access.js';
import { render } from '../../format/registry.js';
import { UserError } from '../../model/errors.js';
import { writeInvalid } from '../desired.js';
import { RESULT_EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import type { AccessOptions } from '../options.js';
import { resolveRepo } from '../repo.js';

/** `access check SUBJECT ACTION RESOURCE`: yes (0) or no (1), as `kubectl auth can-i`. */
export const check = (options: AccessOptions, args: string[], io: CliIO) =>
  ask(options, { kind: 'check', env: options.env, subject: args[0]!, action: args[1]!, resource: args[2]! }, io);

/** `access explain SUBJECT ACTION RESOURCE`: the decision and the rules behind it; exits as check does. */
export const explain = (options: AccessOptions, args: string[], io: CliIO) =>
  ask(options, { kind: 'explain', env: options.env, subject: args[0]!, action: args[1]!, resource: args[2]! }, io);

/** `access who-can ACTION RESOURCE`: every subject allowed, teams expanded to their members. */
export const whoCan = (options: AccessOptions, args: string[], io: CliIO) =>
  ask(options, { kind: 'who-can', env: options.env, action: args[0]!, resource: args[1]! }, io);

/** `access pii`: every path personal data takes out of its source. */
export const pii = (options: AccessOptions, _args: string[], io: CliIO) =>
  ask(options, { kind: 'pii', env: options.env }, io);

async function ask(options: AccessOptions, question: AccessQuestion, io: CliIO): Promise<number> {
  let result: AccessResult;
  try {
    result = await askAccess(resolveRepo(options.repo, io), question);
  } catch (error) {
    if (!(error instanceof AccessQueryError)) throw error;
    const { accessProblemText } = await import('../../format/access-text.js');
    const { message, hint } = accessProblemText(error.problem);
    throw new UserError(message, { hint, kind: 'usage', cause: error });
  }
  switch (result.kind) {
    case 'invalid':
      await writeInvalid(result, io, 'answer');
      return RESULT_EXIT.access.invalid;
    case 'check':
      io.stdout.write(await render('access check', options.format, result.answer, {}));
      return RESULT_EXIT.access[result.answer.decision];
    case 'explain':
      io.stdout.write(await render('access explain', options.format, result.answer, {}));
      return RESULT_EXIT.access[result.answer.decision];
    case 'who-can':
      io.stdout.write(await render('access who-can', options.format, result.answer, {}));
      return RESULT_EXIT.access.listed;
    case 'pii':
      io.stdout.write(await render('access pii', options.format, result.answer, {}));
      return RESULT_EXIT.access.listed;
  }
}
