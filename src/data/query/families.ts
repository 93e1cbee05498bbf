import type { ColumnType } from '../../kinds/index.js';
import type { Dialect } from '../../engines/types.js';

/** A column as the store describes it: its name and its type in the store's own words. */
export interface NativeColumn {
  readonly name: string;
  readonly type: string;
}

/** The declared type a native type stands for; `unknown` (an untyped SQLite column, an array) matches anything. */
export type Family = ColumnType | 'unknown';

/** Ordered: the first pattern that matches names the family (`TIMESTAMP` before `TIME`, `POINT` never reaches `INT`). */
const PATTERNS: Record<Dialect, ReadonlyArray<[RegExp, Family]>> = {
  postgres: [
    [/\[\]$/, 'unknown'],
    [/^(smallint|integer|bigint)$/, 'integer'],
    [/^(numeric|decimal|real|double precision)/, 'number'],
    [/^(text|character|"char"|name|uuid|citext)/, 'string'],
    [/^boolean$/, 'boolean'],
    [/^timestamp/, 'timestamp'],
    [/^date$/, 'date'],
    [/^jsonb?$/, 'json'],
  ],
  sqlite: [
    [/JSON/, 'json'],
    [/BOOL/, 'boolean'],
    [/DATETIME|TIMESTAMP/, 'timestamp'],
    [/DATE/, 'date'],
    [/INT/, 'integer'],
    [/CHAR|CLOB|TEXT/, 'string'],
    [/REAL|FLOA|DOUB|NUMERIC|DECIMAL/, 'number'],
  ],
  duckdb: [
    [/\[\]$/, 'unknown'],
    [/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/, 'integer'],
    [/^(FLOAT|REAL|DOUBLE|DECIMAL)/, 'number'],
    [/^(VARCHAR|UUID)$/, 'string'],
    [/^BOOLEAN$/, 'boolean'],
    [/^TIMESTAMP/, 'timestamp'],
    [/^DATE$/, 'date'],
    [/^JSON$/, 'json'],
  ],
};

export function familyOf(dialect: Dialect, nativeType: string): Family {
  const type = dialect === 'postgres' ? nativeType.toLowerCase() : nativeType.toUpperCase();
  return PATTERNS[dialect].find(([re]) => re.test(type))?.[1] ?? 'unknown';
}

/**
 * Whether a column of this family can hold the declared type. Integers are numbers, and JSON may be
 * kept as text. SQLite stores dates and timestamps as text or numbers and booleans as integers,
 * so it is read loosely.
 */
export function compatible(dialect: Dialect, declared: ColumnType, actual: Family): boolean {
  if (actual === 'unknown' || actual === declared) return true;
  if (declared === 'number' && actual === 'integer') return true;
  if (declared === 'json' && actual === 'string') return true;
  if (dialect !== 'sqlite') return false;
  if (declared === 'timestamp' || declared === 'date')
    return actual === 'string' || actual === 'integer' || actual === 'number';
  return declared === 'boolean' && actual === 'integer';
}
