import type { AuthUser } from '../../src/common/auth/auth-user';
import { FlagsService } from '../../src/modules/flags/flags.service';
import { SpendingService } from '../../src/modules/spending/spending.service';
import { insertPlan } from '../helpers/ledger-fixtures';
import type { TestApp } from '../helpers/test-app';
import type { Actor, MatrixCase, World } from './matrix.types';
import { HOME } from './world';

const NATIONAL: AuthUser = { id: '00000000-0000-4000-8000-000000000000', username: 'matrix', fullName: 'Matrix', role: 'admin', regionCode: null };

interface HomeFlags {
  lineId: string;
  year: number;
}

// One approved plan of the home kelurahan in a past year no other case has taken; each call books a fresh
// duplicate receipt on it, so every actor's resolve/explain meets an open flag of its own.
const homes = new WeakMap<TestApp, Promise<HomeFlags>>();
function home(w: World): Promise<HomeFlags> {
  let p = homes.get(w.t);
  if (!p) {
    p = (async () => {
      const taken: Array<{ year: number }> = await w.t.db.query('SELECT year FROM plan WHERE kelurahan_code = $1', [HOME.kelurahan]);
      let year = new Date().getFullYear() - 3;
      while (taken.some((r) => r.year === year)) year--;
      const plan = await insertPlan(w.t, { kelurahanCode: HOME.kelurahan, year, lines: [{ amount: 1_000_000_000_000 }] });
      return { lineId: plan.lines[0].id, year };
    })();
    homes.set(w.t, p);
  }
  return p;
}

let serial = 0;
async function freshFlag(w: World): Promise<string> {
  const h = await home(w);
  const u = w.users.bendahara;
  const actor: AuthUser = { id: u.id, username: u.username, fullName: u.username, role: u.role, regionCode: u.regionCode };
  const n = ++serial;
  const payee = `Toko Matriks ${n}`;
  // A nomor bukti can be booked once per kelurahan and year, so the duplicate is the same payee, amount and date.
  for (const suffix of ['a', 'b']) {
    await w.t.app.get(SpendingService).record(actor, {
      planLineId: h.lineId, date: `${h.year}-0${(n % 9) + 1}-03`, amount: 10_000 + n, description: 'Uji matriks', payee, evidenceNo: `MXF/${n}/${suffix}`,
    });
  }
  const flags = await w.t.app.get(FlagsService).list(NATIONAL, { region: HOME.kelurahan, year: h.year, kind: 'DUPLICATE_RECEIPT' });
  const flag = flags.find((f) => f.details.how === 'payee_amount_date' && String(f.message).includes(payee));
  if (!flag) throw new Error(`no duplicate-receipt flag for ${payee}`);
  return flag.id;
}

/** Everyone reads the flags of its own region; outside it, 404. */
const readersInScope: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 200, camatOther: 404,
  lurah: 200, lurahOther: 404, bendahara: 200, bendaharaOther: 404, auditor: 200, auditorOther: 404,
};
/** The reviewers' views (workbook, risk ranking, absorption): admin, auditor and camat, in their region. */
const reviewers: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 200, camatOther: 404,
  lurah: 403, lurahOther: 403, bendahara: 403, bendaharaOther: 403, auditor: 200, auditorOther: 404,
};
const onlyRole = (role: 'camat' | 'lurah'): Record<Actor, number> => ({
  anonymous: 401, nationalAdmin: 403, admin: 403, adminOther: 403,
  camat: role === 'camat' ? 200 : 403, camatOther: role === 'camat' ? 404 : 403,
  lurah: role === 'lurah' ? 200 : 403, lurahOther: role === 'lurah' ? 404 : 403,
  bendahara: 403, bendaharaOther: 403, auditor: 403, auditorOther: 403,
});

const year = new Date().getFullYear() - 1;

export const cases: MatrixCase[] = [
  {
    endpoint: 'GET /api/flags',
    request: async () => ({ method: 'get', path: `/api/flags?region=${HOME.kelurahan}&year=${year}` }),
    expect: readersInScope,
  },
  {
    endpoint: 'GET /api/flags/export.xlsx',
    request: async () => ({ method: 'get', path: `/api/flags/export.xlsx?region=${HOME.kecamatan}&year=${year}` }),
    expect: reviewers,
  },
  {
    endpoint: 'GET /api/flags/risk',
    request: async () => ({ method: 'get', path: `/api/flags/risk?region=${HOME.kecamatan}&year=${year}` }),
    expect: reviewers,
  },
  {
    endpoint: 'GET /api/flags/absorption',
    request: async () => ({ method: 'get', path: `/api/flags/absorption?region=${HOME.kecamatan}&year=${year}` }),
    expect: reviewers,
  },
  {
    // The admin of a kab/kota imports its own list; another kab/kota answers like missing.
    endpoint: 'POST /api/flags/standard-prices',
    request: async () => ({
      method: 'post', path: `/api/flags/standard-prices?kabkota=${HOME.kabkota}&year=${year}`, contentType: 'text/csv',
      body: 'code,description,unit,price,kind\nMX.1,Semen portland 50 kg,BUAH,80000,ceiling\n',
    }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 403, camatOther: 403,
      lurah: 403, lurahOther: 403, bendahara: 403, bendaharaOther: 403, auditor: 403, auditorOther: 403,
    },
  },
  {
    endpoint: 'POST /api/flags/{id}/resolve',
    request: async (w) => ({ method: 'post', path: `/api/flags/${await freshFlag(w)}/resolve`, body: { note: 'Diperiksa, bukti asli ada' } }),
    expect: onlyRole('camat'),
  },
  {
    endpoint: 'POST /api/flags/{id}/explain',
    request: async (w) => ({ method: 'post', path: `/api/flags/${await freshFlag(w)}/explain`, body: { reason: 'Nomor bukti salah ketik' } }),
    expect: onlyRole('lurah'),
  },
];
