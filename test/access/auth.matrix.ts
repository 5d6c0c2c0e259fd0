import type { MatrixCase } from './matrix.types';

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
];
