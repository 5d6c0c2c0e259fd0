import type { AuthUser } from '../../src/common/auth/auth-user';
import { SpendingService } from '../../src/modules/spending/spending.service';
import { insertPlan } from '../helpers/ledger-fixtures';
import type { TestApp } from '../helpers/test-app';
import type { Actor, MatrixCase, World } from './matrix.types';
import { HOME } from './world';

interface HomeLedger {
  lineId: string;
  date: string;
}

// One approved plan of the home kelurahan for the whole run, in a past year no other case has taken
// (one plan per kelurahan and year), with a line large enough for every actor's booking.
const homes = new WeakMap<TestApp, Promise<HomeLedger>>();
function homeLedger(w: World): Promise<HomeLedger> {
  let p = homes.get(w.t);
  if (!p) {
    p = (async () => {
      const taken: Array<{ year: number }> = await w.t.db.query('SELECT year FROM plan WHERE kelurahan_code = $1', [HOME.kelurahan]);
      let year = new Date().getFullYear() - 1;
      while (taken.some((r) => r.year === year)) year--;
      const plan = await insertPlan(w.t, { kelurahanCode: HOME.kelurahan, year, lines: [{ amount: 1_000_000_000_000 }] });
      return { lineId: plan.lines[0].id, date: `${year}-06-15` };
    })();
    homes.set(w.t, p);
  }
  return p;
}

// A nomor bukti is unique per kelurahan and year: each booking gets its own.
let evidenceSeq = 0;
const entryBody = (h: HomeLedger) => ({
  planLineId: h.lineId, date: h.date, amount: 125_000, description: 'Konsumsi rapat LPM', payee: 'Warung Bu Sri', evidenceNo: `MX/TBP/${++evidenceSeq}`,
});

/** A fresh entry on the home line, booked by the home bendahara through the service. */
async function homeEntry(w: World): Promise<string> {
  const h = await homeLedger(w);
  const u = w.users.bendahara;
  const [row] = await w.t.db.query('SELECT full_name FROM app_user WHERE id = $1', [u.id]);
  const actor: AuthUser = { id: u.id, username: u.username, fullName: row.full_name, role: u.role, regionCode: u.regionCode };
  const answer = await w.t.app.get(SpendingService).record(actor, entryBody(h));
  return answer.body.id;
}

/** Recording and reversing is for the kelurahan's lurah and bendahara; others of those roles see nothing (404). */
const kelurahanWriters: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 403, admin: 403, adminOther: 403, camat: 403, camatOther: 403,
  lurah: 201, lurahOther: 404, bendahara: 201, bendaharaOther: 404, auditor: 403, auditorOther: 403,
};
/** Every logged-in role reads the ledger of its own region; outside it, 404. */
const readersInScope: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 200, camatOther: 404,
  lurah: 200, lurahOther: 404, bendahara: 200, bendaharaOther: 404, auditor: 200, auditorOther: 404,
};

export const cases: MatrixCase[] = [
  {
    endpoint: 'POST /api/spending',
    request: async (w) => ({ method: 'post', path: '/api/spending', body: entryBody(await homeLedger(w)) }),
    expect: kelurahanWriters,
  },
  {
    endpoint: 'POST /api/spending/{id}/reverse',
    request: async (w) => ({ method: 'post', path: `/api/spending/${await homeEntry(w)}/reverse`, body: { reason: 'Nota ganda' } }),
    expect: kelurahanWriters,
  },
  {
    endpoint: 'GET /api/spending',
    request: async () => ({ method: 'get', path: `/api/spending?region=${HOME.kelurahan}` }),
    expect: readersInScope,
  },
  {
    endpoint: 'GET /api/spending/{id}',
    request: async (w) => ({ method: 'get', path: `/api/spending/${await homeEntry(w)}` }),
    expect: readersInScope,
  },
  {
    // The consistency check covers the caller's own scope, so every admin and auditor may run it.
    endpoint: 'GET /api/spending/totals/check',
    request: async () => ({ method: 'get', path: '/api/spending/totals/check' }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 403, camatOther: 403,
      lurah: 403, lurahOther: 403, bendahara: 403, bendaharaOther: 403, auditor: 200, auditorOther: 200,
    },
  },
];
