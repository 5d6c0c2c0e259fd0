import type { Actor, MatrixCase } from './matrix.types';

// Reference data is the same for everyone: any logged-in role reads it.
const ANY_ROLE: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 200, camatOther: 200,
  lurah: 200, lurahOther: 200, bendahara: 200, bendaharaOther: 200, auditor: 200, auditorOther: 200,
};

export const cases: MatrixCase[] = [
  ...['categories', 'units', 'funding-sources', 'account-codes'].map((r) => ({
    endpoint: `GET /api/reference/${r}`,
    request: async () => ({ method: 'get' as const, path: `/api/reference/${r}` }),
    expect: ANY_ROLE,
  })),
  {
    // The error catalogue is part of the public contract, like the OpenAPI document: anyone may read it.
    endpoint: 'GET /api/errors',
    request: async () => ({ method: 'get' as const, path: '/api/errors' }),
    expect: Object.fromEntries(Object.keys(ANY_ROLE).map((a) => [a, 200])) as Record<Actor, number>,
  },
];
