import type { Response } from 'supertest';
import type { Role } from '../../src/common/auth/auth-user';
import { createTestApp } from '../helpers/test-app';
import { importKabkota } from '../helpers/regions';
import { bearer, createUser } from '../helpers/users';
import type { Actor, MatrixRequest, World } from './matrix.types';

/** Where the "home" resources of the matrix live (see matrix.types.ts). */
export const HOME = { kabkota: '35.73', kecamatan: '35.73.01', kelurahan: '35.73.01.1001' } as const;

/** Each actor's role and region; the "...Other" ones sit outside the home resources. */
export const ACTOR_SEATS: Record<Exclude<Actor, 'anonymous'>, { role: Role; regionCode: string | null }> = {
  nationalAdmin: { role: 'admin', regionCode: null },
  admin: { role: 'admin', regionCode: '35.73' },
  adminOther: { role: 'admin', regionCode: '35.71' },
  camat: { role: 'camat', regionCode: '35.73.01' },
  camatOther: { role: 'camat', regionCode: '35.73.02' },
  lurah: { role: 'lurah', regionCode: '35.73.01.1001' },
  lurahOther: { role: 'lurah', regionCode: '35.73.01.1002' },
  bendahara: { role: 'bendahara', regionCode: '35.73.01.1001' },
  bendaharaOther: { role: 'bendahara', regionCode: '35.73.02.1001' },
  auditor: { role: 'auditor', regionCode: '35.73' },
  auditorOther: { role: 'auditor', regionCode: '35.71' },
};

/**
 * One app, Kota Malang and Kota Kediri imported, one logged-in user per actor.
 * Login throttling is lifted here: the matrix is about access, and cases may log in many fresh users.
 */
export async function buildWorld(): Promise<World> {
  const t = await createTestApp({ LOGIN_RATE_LIMIT_IP: '1000000', LOGIN_RATE_LIMIT_USERNAME: '1000000' });
  await importKabkota(t, '35.73', '35.71');
  const users = {} as World['users'];
  for (const [actor, seat] of Object.entries(ACTOR_SEATS) as Array<[keyof World['users'], { role: Role; regionCode: string | null }]>) {
    users[actor] = await createUser(t, seat.role, seat.regionCode, { username: `matrix.${actor}`.toLowerCase(), fullName: `Uji ${actor}` });
  }
  return { t, users };
}

/** A fresh user in the actor's seat, logged in: for calls that would end the actor's own sessions. */
export async function freshToken(w: World, actor: Actor): Promise<string | undefined> {
  if (actor === 'anonymous') return undefined;
  const seat = ACTOR_SEATS[actor];
  return (await createUser(w.t, seat.role, seat.regionCode)).token;
}

/** Sends a matrix request as `actor` (no token for anonymous). */
export function send(w: World, actor: Actor, req: MatrixRequest): Promise<Response> {
  let r = w.t.http()[req.method](req.path);
  if (actor !== 'anonymous') r = r.set(bearer(req.token ? { token: req.token } : w.users[actor]));
  if (req.contentType) r = r.set('Content-Type', req.contentType);
  return req.body === undefined ? r : r.send(req.body as string | object);
}
