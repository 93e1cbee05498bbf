import type { Dialect, SqlQuery, SqlValue } from '../../engines/types.js';

/**
 * A piece of SQL whose every configuration value is a parameter and every name a quoted
 * identifier. Pieces are only made by the tagged template `sql`, `ident` and `keyword`, so text from
 * a YAML file cannot reach the statement any other way.
 */
export interface Sql {
  readonly chunks: readonly Chunk[];
}

type Chunk = { readonly text: string } | { readonly value: SqlValue };

const isSql = (x: unknown): x is Sql => typeof x === 'object' && x !== null && 'chunks' in x;

/** `sql\`COUNT(*) FILTER (WHERE ${col} > ${min})\``: fragments are inlined, anything else is bound. */
export function sql(strings: TemplateStringsArray, ...args: ReadonlyArray<Sql | SqlValue>): Sql {
  const chunks: Chunk[] = [];
  strings.forEach((text, i) => {
    if (text) chunks.push({ text });
    if (i >= args.length) return;
    const arg = args[i]!;
    if (isSql(arg)) chunks.push(...arg.chunks);
    else chunks.push({ value: arg });
  });
  return { chunks };
}

/**
 * A quoted identifier. PostgreSQL, SQLite and DuckDB all quote with `"` and escape it by doubling,
 * which also makes reserved words and mixed case safe.
 */
export function ident(name: string): Sql {
  if (name.includes('\u0000')) throw new Error('an identifier cannot contain NUL');
  return { chunks: [{ text: `"${name.replace(/"/g, '""')}"` }] };
}

/** A dotted name of quoted parts: `"analytics"."transactions"`. */
export function qualified(parts: readonly string[]): Sql {
  return join(parts.map(ident), '.');
}

/** Trusted text written in this codebase (keywords, aliases it generated); never configuration. */
export function keyword(text: string): Sql {
  return { chunks: [{ text }] };
}

export function join(pieces: readonly Sql[], separator: string): Sql {
  const chunks: Chunk[] = [];
  pieces.forEach((p, i) => {
    if (i > 0) chunks.push({ text: separator });
    chunks.push(...p.chunks);
  });
  return { chunks };
}

/** The statement text with each dialect's placeholders (`$1` for PostgreSQL and DuckDB, `?` for SQLite). */
export function render(dialect: Dialect, fragment: Sql): SqlQuery {
  let text = '';
  const params: SqlValue[] = [];
  for (const chunk of fragment.chunks) {
    if ('text' in chunk) {
      text += chunk.text;
    } else {
      params.push(chunk.value);
      text += dialect === 'sqlite' ? '?' : `$${params.length}`;
    }
  }
  return { sql: text, params };
}
