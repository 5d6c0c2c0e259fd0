import type { MatrixCase } from './matrix.types';
import { HOME } from './world';

export const cases: MatrixCase[] = [
  {
    // Every role reads the audit trail, each limited to its own region (the list is filtered, not refused).
    endpoint: 'GET /api/audit',
    request: async () => ({ method: 'get', path: '/api/audit' }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 200, camatOther: 200,
      lurah: 200, lurahOther: 200, bendahara: 200, bendaharaOther: 200, auditor: 200, auditorOther: 200,
    },
  },
  {
    // Asking for a region outside one's scope answers like a missing region.
    endpoint: 'GET /api/audit',
    request: async () => ({ method: 'get', path: `/api/audit?region=${HOME.kelurahan}` }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 200, camatOther: 404,
      lurah: 200, lurahOther: 404, bendahara: 200, bendaharaOther: 404, auditor: 200, auditorOther: 404,
    },
  },
  {
    // The chain is global; auditors and admins of any scope may check it (the answer holds no event content).
    endpoint: 'GET /api/audit/verify',
    request: async () => ({ method: 'get', path: '/api/audit/verify' }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 403, camatOther: 403,
      lurah: 403, lurahOther: 403, bendahara: 403, bendaharaOther: 403, auditor: 200, auditorOther: 200,
    },
  },
];
