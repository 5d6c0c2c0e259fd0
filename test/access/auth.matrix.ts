import { TEST_PASSWORD } from '../helpers/users';
import type { MatrixCase } from './matrix.types';
import { freshToken } from './world';

const everyoneLoggedIn = (status: number) => ({
  anonymous: 401,
  nationalAdmin: status,
  admin: status,
  adminOther: status,
  camat: status,
  camatOther: status,
  lurah: status,
  lurahOther: status,
  bendahara: status,
  bendaharaOther: status,
  auditor: status,
  auditorOther: status,
});

export const cases: MatrixCase[] = [
  { endpoint: 'GET /api/auth/me', request: async () => ({ method: 'get', path: '/api/auth/me' }), expect: everyoneLoggedIn(200) },
  {
    endpoint: 'POST /api/auth/logout',
    request: async (w, actor) => ({ method: 'post', path: '/api/auth/logout', token: await freshToken(w, actor) }),
    expect: everyoneLoggedIn(204),
  },
  {
    endpoint: 'POST /api/auth/password',
    request: async (w, actor) => ({
      method: 'post',
      path: '/api/auth/password',
      token: await freshToken(w, actor),
      body: { currentPassword: TEST_PASSWORD, newPassword: 'kata-sandi-baru-yang-panjang' },
    }),
    expect: everyoneLoggedIn(200),
  },
];
