/**
 * Rewrites a commander usage error into Slipway's `error: ...` / `hint: ...` form: commander's
 * `(Did you mean x?)` becomes the hint; otherwise the hint points at the command's --help.
 */
export function usageError(text: string, command?: string): string {
  const body = text.replace(/\n+$/, '');
  const message = body.startsWith('error:') ? body : `error: ${body}`;
  const suggestion = /\n\(Did you mean (.+)\?\)$/.exec(message);
  if (suggestion) return `${message.slice(0, suggestion.index)}\nhint: did you mean ${suggestion[1]}?\n`;
  return `${message}\nhint: run \`slipway${command ? ` ${command}` : ''} --help\` for usage\n`;
}
