/** Terminal styling and counted nouns: the one copy every text format uses. */

export type Paint = (s: string) => string;

/** Wraps text in an ANSI SGR code when `on`, else leaves it as it is. */
const paint =
  (on: boolean, code: string): Paint =>
  (s) =>
    on ? `\u001b[${code}m${s}\u001b[0m` : s;

/** The colours the text formats use, each a no-op when colour is off. */
export function palette(on: boolean): Record<'red' | 'green' | 'yellow' | 'cyan' | 'dim' | 'bold', Paint> {
  return {
    red: paint(on, '31'),
    green: paint(on, '32'),
    yellow: paint(on, '33'),
    cyan: paint(on, '36'),
    dim: paint(on, '2'),
    bold: paint(on, '1'),
  };
}

/** `word` or `words`, by count. */
export const pluralNoun = (n: number, word: string): string => `${word}${n === 1 ? '' : 's'}`;

/** `1 error`, `3 errors`. */
export const plural = (n: number, word: string): string => `${n} ${pluralNoun(n, word)}`;
