import type { AuthUser } from '../../src/common/auth/auth-user';
import { BookPeriodService } from '../../src/modules/books/book-period.service';
import { SpendingService } from '../../src/modules/spending/spending.service';
import { insertPlan } from '../helpers/ledger-fixtures';
import type { TestApp } from '../helpers/test-app';
import type { Actor, MatrixCase, World } from './matrix.types';
import { HOME } from './world';

// A year of its own for the home kelurahan's books (the spending matrix takes the years just before this one).
export const BOOKS_MATRIX_YEAR = 2023;
const Y = BOOKS_MATRIX_YEAR;

const homes = new WeakMap<TestApp, Promise<string>>();
/** One approved home plan of the books year, with a line large enough for every booking. */
export function booksLine(w: World): Promise<string> {
  let p = homes.get(w.t);
  if (!p) {
    p = insertPlan(w.t, { kelurahanCode: HOME.kelurahan, year: Y, lines: [{ amount: 1_000_000_000_000 }] }).then((plan) => plan.lines[0].id);
    homes.set(w.t, p);
  }
  return p;
}

export async function asActor(w: World, actor: Exclude<Actor, 'anonymous'>): Promise<AuthUser> {
  const u = w.users[actor];
  const [row] = await w.t.db.query('SELECT full_name FROM app_user WHERE id = $1', [u.id]);
  return { id: u.id, username: u.username, fullName: row.full_name, role: u.role, regionCode: u.regionCode };
}

let n = 0;
/** A fresh payment of the home bendahara, in June of the books year, optionally with a tax withheld. */
export async function booksPayment(w: World, withTax = false): Promise<string> {
  const body = {
    planLineId: await booksLine(w), date: `${Y}-06-15`, amount: 1_000_000, description: 'Jasa sewa tenda', payee: 'CV Tenda', evidenceNo: `MXB/${++n}`,
    method: 'TUNAI' as const, taxes: withTax ? [{ type: 'PPH23' as const, base: 1_000_000, rate: 2, amount: 20_000 }] : [],
  };
  return (await w.t.app.get(SpendingService).record(await asActor(w, 'bendahara'), body)).body.id;
}

/** A month of the books year that is closed (months before June stay balanced: nothing is paid there). */
async function closedMonth(w: World, month: number): Promise<void> {
  const periods = w.t.app.get(BookPeriodService);
  const bendahara = await asActor(w, 'bendahara');
  const list = await periods.list(bendahara, HOME.kelurahan, Y);
  if (!list[month - 1].closed) await periods.close(bendahara, HOME.kelurahan, Y, month);
}

const writers = (ok: number): Record<Actor, number> => ({
  anonymous: 401, nationalAdmin: 403, admin: 403, adminOther: 403, camat: 403, camatOther: 403,
  lurah: ok, lurahOther: 404, bendahara: ok, bendaharaOther: 404, auditor: 403, auditorOther: 403,
});
/** Every logged-in role reads the books of a kelurahan in its scope; outside it, 404. */
export const BOOKS_READERS: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 200, camatOther: 404,
  lurah: 200, lurahOther: 404, bendahara: 200, bendaharaOther: 404, auditor: 200, auditorOther: 404,
};
const q = `kelurahan=${HOME.kelurahan}&year=${Y}`;
const monthFor = (actor: Actor, own: Partial<Record<Actor, number>>, fallback: number) => own[actor] ?? fallback;

export const cases: MatrixCase[] = [
  {
    endpoint: 'POST /api/books/funds',
    request: async (_w, actor) => ({
      method: 'post', path: '/api/books/funds',
      body: { kelurahanCode: HOME.kelurahan, kind: 'TU', account: 'BANK', date: `${Y}-07-01`, amount: 5_000_000, documentNo: `MX/SP2D/${actor}/${++n}`, documentDate: `${Y}-07-01` },
    }),
    expect: writers(201),
  },
  { endpoint: 'GET /api/books/funds', request: async () => ({ method: 'get', path: `/api/books/funds?${q}` }), expect: BOOKS_READERS },
  { endpoint: 'GET /api/books/balance', request: async () => ({ method: 'get', path: `/api/books/balance?${q}` }), expect: BOOKS_READERS },
  {
    // A computation from the rule table, about no region: any logged-in role may ask.
    endpoint: 'GET /api/books/taxes/suggest',
    request: async () => ({ method: 'get', path: `/api/books/taxes/suggest?date=${Y}-06-15&amount=5000000&kind=BARANG` }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 200, camatOther: 200,
      lurah: 200, lurahOther: 200, bendahara: 200, bendaharaOther: 200, auditor: 200, auditorOther: 200,
    },
  },
  {
    endpoint: 'POST /api/books/tax-deposits',
    request: async (w, actor) => {
      if (actor === 'lurah' || actor === 'bendahara') await booksPayment(w, true);
      const ntpn = `MXNTPN${String(++n).padStart(10, '0')}`;
      return {
        method: 'post', path: '/api/books/tax-deposits',
        body: { kelurahanCode: HOME.kelurahan, type: 'PPH23', account: 'TUNAI', date: `${Y}-06-20`, amount: 20_000, billingCode: '123456789012345', ntpn },
      };
    },
    expect: writers(201),
  },
  { endpoint: 'GET /api/books/tax-deposits', request: async () => ({ method: 'get', path: `/api/books/tax-deposits?${q}` }), expect: BOOKS_READERS },
  { endpoint: 'GET /api/books/periods', request: async () => ({ method: 'get', path: `/api/books/periods?${q}` }), expect: BOOKS_READERS },
  {
    endpoint: 'POST /api/books/periods/close',
    request: async (_w, actor) => ({
      method: 'post', path: '/api/books/periods/close', body: { kelurahanCode: HOME.kelurahan, year: Y, month: monthFor(actor, { lurah: 1, bendahara: 2 }, 3) },
    }),
    expect: writers(200),
  },
  {
    endpoint: 'POST /api/books/periods/reopen',
    request: async (w, actor) => {
      const month = monthFor(actor, { camat: 4 }, 5);
      await closedMonth(w, month);
      return { method: 'post', path: '/api/books/periods/reopen', body: { kelurahanCode: HOME.kelurahan, year: Y, month, reason: 'Koreksi matriks' } };
    },
    expect: {
      anonymous: 401, nationalAdmin: 403, admin: 403, adminOther: 403, camat: 200, camatOther: 404,
      lurah: 403, lurahOther: 403, bendahara: 403, bendaharaOther: 403, auditor: 403, auditorOther: 403,
    },
  },
  ...['bku.pdf', 'bku.xlsx', 'pajak.pdf', 'lpj.pdf'].map((file): MatrixCase => ({
    endpoint: `GET /api/books/${file}`,
    request: async () => ({ method: 'get', path: `/api/books/${file}?${q}&month=6` }),
    expect: BOOKS_READERS,
  })),
  ...['export.csv', 'export.xlsx'].map((file): MatrixCase => ({
    endpoint: `GET /api/spending/${file}`,
    request: async () => ({ method: 'get', path: `/api/spending/${file}?region=${HOME.kelurahan}&year=${Y}` }),
    expect: BOOKS_READERS,
  })),
];
