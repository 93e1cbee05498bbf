/**
 * `--env dev,staging --env prod` → `['dev', 'staging', 'prod']`: commander calls this once per
 * flag. Commas let one CI step reconcile several environments from one read of the tree.
 */
export function collectEnvs(value: string, previous: string[] | undefined): string[] {
  const out = [...(previous ?? [])];
  for (const name of value.split(',').map((s) => s.trim())) {
    if (name !== '' && !out.includes(name)) out.push(name);
  }
  return out;
}
