import type { Actor, MatrixCase } from './matrix.types';
import { HOME } from './world';

// The same year as plans.matrix.ts; always Rp 1 miliar, so the plans of that file stay within the pagu.
const YEAR = 2020;
const AMOUNT = 1_000_000_000;

const ADMIN_ONLY: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 403, camatOther: 403,
  lurah: 403, lurahOther: 403, bendahara: 403, bendaharaOther: 403, auditor: 403, auditorOther: 403,
};

export const cases: MatrixCase[] = [
  {
    endpoint: 'PUT /api/allocations/{year}/{kelurahanCode}',
    request: async () => ({ method: 'put', path: `/api/allocations/${YEAR}/${HOME.kelurahan}`, body: { amount: AMOUNT, note: 'matriks akses' } }),
    expect: ADMIN_ONLY,
  },
  {
    endpoint: 'POST /api/allocations/{year}/bulk',
    request: async () => ({ method: 'post', path: `/api/allocations/${YEAR}/bulk`, body: { regionCode: HOME.kecamatan, amount: AMOUNT } }),
    expect: ADMIN_ONLY,
  },
  {
    // Every role reads allocations; the list is limited to the caller's scope (out of scope lists nothing).
    endpoint: 'GET /api/allocations/{year}',
    request: async () => ({ method: 'get', path: `/api/allocations/${YEAR}` }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 200, camatOther: 200,
      lurah: 200, lurahOther: 200, bendahara: 200, bendaharaOther: 200, auditor: 200, auditorOther: 200,
    },
  },
  {
    // Asking for a region outside the scope answers like a missing one.
    endpoint: 'GET /api/allocations/{year}',
    request: async () => ({ method: 'get', path: `/api/allocations/${YEAR}?region=${HOME.kelurahan}` }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 200, camatOther: 404,
      lurah: 200, lurahOther: 404, bendahara: 200, bendaharaOther: 404, auditor: 200, auditorOther: 404,
    },
  },
  {
    endpoint: 'GET /api/allocations/{year}/{kelurahanCode}/history',
    request: async () => ({ method: 'get', path: `/api/allocations/${YEAR}/${HOME.kelurahan}/history` }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 200, camatOther: 404,
      lurah: 200, lurahOther: 404, bendahara: 200, bendaharaOther: 404, auditor: 200, auditorOther: 404,
    },
  },
];
