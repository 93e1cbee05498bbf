import { readFileSync, readlinkSync } from 'node:fs';

/**
 * What a process id is relative to: this boot of this machine, in this pid namespace. A lock
 * holder's pid says whether it still runs only where all three match; a host name alone does
 * not (two containers, or two CI runners, may share one; a machine that rebooted reuses pids).
 *
 * Linux: `boot:<boot_id>` (a new id at each boot), else `machine:<machine-id>`, followed by the
 * pid namespace (`pid:[4026531836]`). Elsewhere empty: the host name alone then decides.
 */
export function localMachine(): string {
  return (cached ??= computeMachine());
}

let cached: string | undefined;

function computeMachine(): string {
  const boot = readId('/proc/sys/kernel/random/boot_id');
  const machine = boot ? `boot:${boot}` : readId('/etc/machine-id') && `machine:${readId('/etc/machine-id')}`;
  if (!machine) return '';
  let ns = '';
  try {
    ns = readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not readable: the boot or machine id alone.
  }
  return ns ? `${machine} ${ns}` : machine;
}

function readId(file: string): string | undefined {
  try {
    const id = readFileSync(file, 'utf8').trim();
    return /^[0-9a-f-]{16,64}$/i.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The state of a process of this machine from `/proc/<pid>/stat`: `zombie` when it has exited but
 * its parent has not reaped it (`Z`, or `X` dead), `gone` when there is no such process, `running`
 * otherwise, `unknown` without `/proc`. `process.kill(pid, 0)` succeeds on a zombie, so a zombie
 * holder would otherwise keep its lock until the lease expires.
 */
export function processState(pid: number): 'running' | 'zombie' | 'gone' | 'unknown' {
  if (!Number.isInteger(pid) || pid <= 0) return 'unknown';
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return readableProc() ? 'gone' : 'unknown';
    return 'unknown';
  }
  // `pid (comm) S ...`: the name may hold spaces and parentheses, so the state follows the last `)`.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X' || state === 'x' ? 'zombie' : 'running';
}

function readableProc(): boolean {
  try {
    readFileSync('/proc/self/stat', 'utf8');
    return true;
  } catch {
    return false;
  }
}
