import { z } from 'zod';
import { describeLease } from '../../apply/lock.js';
import type { CliIO } from '../io.js';
import { checkEnvironment, openStateContext } from '../state-context.js';

const UnlockOptions = z.object({ repo: z.string(), env: z.string(), state: z.string().optional() });
type UnlockOptions = z.infer<typeof UnlockOptions>;

export async function execute(raw: Record<string, unknown>, _args: string[], io: CliIO): Promise<number> {
  const options: UnlockOptions = UnlockOptions.parse(raw);
  const { store, environments } = await openStateContext(options, io, false);
  try {
    checkEnvironment(options.env, environments);
    const released = await store.forceUnlock(options.env);
    io.stdout.write(released ? `Released the lock of ${options.env} held by ${describeLease(released)}.\n` : `${options.env} is not locked.\n`);
    return 0;
  } finally {
    await store.close();
  }
}
