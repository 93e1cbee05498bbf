import { describeLease } from '../../apply/lock.js';
import type { CliIO } from '../io.js';
import { checkEnvironment, openStateContext } from '../state-context.js';
import type { UnlockOptions } from '../options.js';

export async function execute(options: UnlockOptions, _args: string[], io: CliIO): Promise<number> {
  const { store, environments } = await openStateContext(options, io, false);
  try {
    checkEnvironment(options.env, environments);
    const released = await store.forceUnlock(options.env);
    io.stdout.write(
      released
        ? `Released the lock of ${options.env} held by ${describeLease(released)}.\n`
        : `${options.env} is not locked.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
