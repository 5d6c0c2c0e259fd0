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
  {
    // The key that verifies checkpoints is public: anyone, signed in or not, may fetch it.
    endpoint: 'GET /api/audit/public-key',
    request: async () => ({ method: 'get', path: '/api/audit/public-key' }),
    expect: {
      anonymous: 200, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 200, camatOther: 200,
      lurah: 200, lurahOther: 200, bendahara: 200, bendaharaOther: 200, auditor: 200, auditorOther: 200,
    },
  },
  {
    // Signing seals every partition and shows only counts and hashes: an admin of any scope may ask for one.
    endpoint: 'POST /api/audit/checkpoints',
    request: async () => ({ method: 'post', path: '/api/audit/checkpoints' }),
    expect: {
      anonymous: 401, nationalAdmin: 201, admin: 201, adminOther: 201, camat: 403, camatOther: 403,
      lurah: 403, lurahOther: 403, bendahara: 403, bendaharaOther: 403, auditor: 403, auditorOther: 403,
    },
  },
  {
    // Like verify: the checkpoints hold no event content, so auditors and admins of any scope read them all.
    endpoint: 'GET /api/audit/checkpoints',
    request: async () => ({ method: 'get', path: '/api/audit/checkpoints' }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 403, camatOther: 403,
      lurah: 403, lurahOther: 403, bendahara: 403, bendaharaOther: 403, auditor: 200, auditorOther: 200,
    },
  },
];
