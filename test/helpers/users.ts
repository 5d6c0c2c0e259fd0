import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import type { Role } from '../../src/common/auth/auth-user';
import type { TestApp } from './test-app';

export const TEST_PASSWORD = 'kata-sandi-uji-123';
let hashCache: Promise<string> | undefined;
// One real argon2id hash shared by every test user keeps suites fast without faking the login path.
const testHash = () => (hashCache ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id }));

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  regionCode: string | null;
  token: string;
}

let counter = 0;

export async function insertUser(
  db: DataSource,
  role: Role,
  regionCode: string | null,
  extra: { username?: string; fullName?: string; nip?: string; rank?: string; position?: string } = {},
): Promise<{ id: string; username: string }> {
  const username = extra.username ?? `${role}${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  const [row] = await db.query(
    `INSERT INTO app_user (username, password_hash, full_name, nip, rank, position, role, region_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [username, await testHash(), extra.fullName ?? `Pengguna ${username}`, extra.nip ?? null, extra.rank ?? null, extra.position ?? null, role, regionCode],
  );
  return { id: row.id, username };
}

/** A real user row and a real token from POST /api/auth/login. */
export async function createUser(t: TestApp, role: Role, regionCode: string | null, extra: Parameters<typeof insertUser>[3] = {}): Promise<TestUser> {
  const u = await insertUser(t.db, role, regionCode, extra);
  const res = await t.http().post('/api/auth/login').send({ username: u.username, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`login failed for ${u.username}: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...u, role, regionCode, token: res.body.accessToken };
}

export const bearer = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
