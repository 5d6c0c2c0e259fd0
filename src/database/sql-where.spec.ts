import type { AuthUser } from '../common/auth/auth-user';
import { regionPrefixSql, Where } from './sql-where';

const user = (role: AuthUser['role'], regionCode: string | null): AuthUser => ({ id: 'u', username: 'u', fullName: 'U', role, regionCode });

describe('Where', () => {
  it('numbers placeholders in order across conditions, values and extra params', () => {
    const w = new Where().and('a = ?', 1).and('b BETWEEN ? AND ?', 2, 3).andIf(undefined, 'c = ?').andIf(4, 'd = ?');
    expect(w.sql).toBe('a = $1 AND b BETWEEN $2 AND $3 AND d = $4');
    expect(w.param(50)).toBe('$5');
    expect(w.params).toEqual([1, 2, 3, 4, 50]);
  });

  it('is TRUE with no condition, and continues numbering from params it was given', () => {
    expect(new Where().sql).toBe('TRUE');
    const w = new Where(['x']).and('a = ?', 'y');
    expect(w.sql).toBe('a = $2');
    expect(w.params).toEqual(['x', 'y']);
  });

  it('refuses a count of values that does not match the ? in the condition', () => {
    expect(() => new Where().and('a = ? AND b = ?', 1)).toThrow(/more \?/);
    expect(() => new Where().and('a = ?', 1, 2)).toThrow(/2 values for 1/);
  });

  it('scopes to the user region as a prefix range; national admin all, regionless others nothing', () => {
    const w = new Where().scope(user('camat', '35.73.01'), 'e.kelurahan_code');
    expect(w.sql).toBe("(e.kelurahan_code >= $1 AND e.kelurahan_code < $1 || '/')");
    expect(w.params).toEqual(['35.73.01']);
    expect(new Where().scope(user('admin', null), 'x').sql).toBe('TRUE');
    expect(new Where().scope(user('auditor', null), 'x').sql).toBe('FALSE');
    expect(new Where().scope(user('admin', null), 'x').params).toEqual([]);
  });

  it('adds a region filter beneath the scope', () => {
    const w = new Where().scope(user('auditor', '35.73'), 'r').within('r', '35.73.01');
    expect(w.sql).toBe(`${regionPrefixSql('r', '$1')} AND ${regionPrefixSql('r', '$2')}`);
    expect(w.params).toEqual(['35.73', '35.73.01']);
  });
});
