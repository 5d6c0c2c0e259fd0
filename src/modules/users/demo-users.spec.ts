import { isValidNip } from '../../common/format/nip';
import { levelOfCode } from '../regions/region-code';
import { DEMO_USERS } from './demo-users';
import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from './users.dto';
import { ROLE_LEVEL } from './users.service';

describe('demo users', () => {
  it('has one user per role', () => {
    expect(DEMO_USERS.map((u) => u.role).sort()).toEqual(['admin', 'auditor', 'bendahara', 'camat', 'lurah']);
  });

  it.each(DEMO_USERS.map((u) => [u.username, u]))('%s passes the rules the API enforces', (_name, u) => {
    expect(isValidNip(u.nip, new Date('2026-01-01'))).toBe(true);
    expect(levelOfCode(u.regionCode)).toBe(ROLE_LEVEL[u.role]);
    expect(u.password.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
    expect(u.username).toMatch(USERNAME_PATTERN);
    expect(u.rank).toMatch(/\((I|II|III|IV)\/[a-e]\)$/);
  });
});
