import { insertUser } from '../helpers/users';
import type { Actor, MatrixCase } from './matrix.types';
import { HOME } from './world';

/** Users are an admin's business: every other role is refused at the route (403). */
const adminsOnly = (admins: Pick<Record<Actor, number>, 'nationalAdmin' | 'admin' | 'adminOther'>): Record<Actor, number> => ({
  anonymous: 401,
  camat: 403,
  camatOther: 403,
  lurah: 403,
  lurahOther: 403,
  bendahara: 403,
  bendaharaOther: 403,
  auditor: 403,
  auditorOther: 403,
  ...admins,
});

let serial = 0;
const freshUsername = (actor: Actor) => `mx.${actor.toLowerCase()}.${++serial}`;

export const cases: MatrixCase[] = [
  {
    // A lurah of the home kelurahan: the admin of 35.71 is outside it (404, like a missing region).
    endpoint: 'POST /api/users',
    request: async (_w, actor) => ({
      method: 'post',
      path: '/api/users',
      body: { username: freshUsername(actor), password: 'kata-sandi-baru-123', fullName: 'Siti Aminah', role: 'lurah', regionCode: HOME.kelurahan },
    }),
    expect: adminsOnly({ nationalAdmin: 201, admin: 201, adminOther: 404 }),
  },
  {
    endpoint: 'GET /api/users',
    request: async () => ({ method: 'get', path: '/api/users' }),
    expect: adminsOnly({ nationalAdmin: 200, admin: 200, adminOther: 200 }),
  },
  {
    // Filtering by a region outside the admin's own answers like a region that does not exist.
    endpoint: 'GET /api/users',
    request: async () => ({ method: 'get', path: `/api/users?region=${HOME.kelurahan}` }),
    expect: adminsOnly({ nationalAdmin: 200, admin: 200, adminOther: 404 }),
  },
  {
    endpoint: 'POST /api/users/{id}/deactivate',
    request: async (w) => {
      const u = await insertUser(w.t.db, 'lurah', HOME.kelurahan);
      return { method: 'post', path: `/api/users/${u.id}/deactivate`, body: { reason: 'uji matriks akses' } };
    },
    expect: adminsOnly({ nationalAdmin: 200, admin: 200, adminOther: 404 }),
  },
  {
    endpoint: 'POST /api/users/{id}/activate',
    request: async (w) => {
      const u = await insertUser(w.t.db, 'bendahara', HOME.kelurahan);
      await w.t.db.query('UPDATE app_user SET active = false WHERE id = $1', [u.id]);
      return { method: 'post', path: `/api/users/${u.id}/activate` };
    },
    expect: adminsOnly({ nationalAdmin: 200, admin: 200, adminOther: 404 }),
  },
];
