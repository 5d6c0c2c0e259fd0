import type { AuthUser } from '../common/auth/auth-user';

/**
 * The SQL condition "code is `prefix` or lies beneath it" for a dotted region code column. Region codes are
 * COLLATE "C", so it is a range ('35.73' ≤ code < '35.73/', '/' being the character after '.') the btree serves.
 */
export function regionPrefixSql(column: string, placeholder: string): string {
  return `(${column} >= ${placeholder} AND ${column} < ${placeholder} || '/')`;
}

/**
 * A WHERE clause and its positional parameters, built condition by condition so no caller counts `$n` by hand.
 * `?` in a condition stands for the next value; `where.sql` is the conditions joined by AND (TRUE when none).
 *
 *   const w = new Where().scope(user, 'e.kelurahan_code').andIf(q.year, 'e.year = ?');
 *   db.query(`SELECT … WHERE ${w.sql} LIMIT ${w.param(limit)}`, w.params)
 */
export class Where {
  private readonly conditions: string[] = [];

  constructor(readonly params: unknown[] = []) {}

  /** Appends a value and answers its placeholder (`$3`), for LIMIT, OFFSET or a select list. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition; each `?` in it takes the next of `values`. */
  and(condition: string, ...values: unknown[]): this {
    let i = 0;
    const sql = condition.replace(/\?/g, () => {
      if (i >= values.length) throw new Error(`Where.and: more ? than values in ${condition}`);
      return this.param(values[i++]);
    });
    if (i !== values.length) throw new Error(`Where.and: ${values.length} values for ${i} ? in ${condition}`);
    this.conditions.push(sql);
    return this;
  }

  /** Adds `condition` with `value` only when the filter was given (not undefined). */
  andIf(value: unknown, condition: string): this {
    return value === undefined ? this : this.and(condition, value);
  }

  /** Restricts `column` to the user's region and everything beneath it (a national admin sees all; no region, nothing). */
  scope(user: AuthUser, column: string): this {
    if (user.regionCode === null) {
      this.conditions.push(user.role === 'admin' ? 'TRUE' : 'FALSE');
      return this;
    }
    return this.within(column, user.regionCode);
  }

  /** Restricts `column` to the region `code` and everything beneath it. */
  within(column: string, code: string): this {
    this.conditions.push(regionPrefixSql(column, this.param(code)));
    return this;
  }

  get sql(): string {
    return this.conditions.length ? this.conditions.join(' AND ') : 'TRUE';
  }
}
