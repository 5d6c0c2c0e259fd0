import * as fs from 'node:fs';
import { NATIONAL_REGION_FILE } from '../../src/database/seed/demo-seed.service';
import type { MatrixCase } from './matrix.types';
import { HOME } from './world';

// Kota Malang's rows only, so each actor's import stays small (and, being idempotent, changes nothing).
const lines = fs.readFileSync(NATIONAL_REGION_FILE, 'utf8').split('\n');
const MALANG_CSV = [lines[0], ...lines.filter((l) => l.split(',')[2] === HOME.kabkota)].join('\n') + '\n';

export const cases: MatrixCase[] = [
  {
    // Region names are public reference data: every logged-in role may read any of them.
    endpoint: 'GET /api/regions/{code}',
    request: async () => ({ method: 'get', path: `/api/regions/${HOME.kelurahan}` }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 200, camatOther: 200,
      lurah: 200, lurahOther: 200, bendahara: 200, bendaharaOther: 200, auditor: 200, auditorOther: 200,
    },
  },
  {
    endpoint: 'POST /api/regions/import',
    request: async () => ({ method: 'post', path: `/api/regions/import?kabkota=${HOME.kabkota}`, contentType: 'text/csv', body: MALANG_CSV }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 403, camatOther: 403,
      lurah: 403, lurahOther: 403, bendahara: 403, bendaharaOther: 403, auditor: 403, auditorOther: 403,
    },
  },
];
