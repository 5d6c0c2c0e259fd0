import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { BookPeriodService } from '../../src/modules/books/book-period.service';
import { FundService } from '../../src/modules/books/fund.service';
import { EvidenceService } from '../../src/modules/evidence/evidence.service';
import type { SpendingEntryDto } from '../../src/modules/spending/spending.dto';
import { SpendingService } from '../../src/modules/spending/spending.service';
import { createApprovedPlan, CreatedPlan } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { bearer, createUser, insertUser, TestUser } from '../helpers/users';

// A past year: every month's close deadline (the 10th of the next month, templates/default/books.json) has passed.
const YEAR = new Date().getFullYear() - 1;
const KEL = (n: number) => `35.73.01.${1000 + n}`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const FILE = { filename: 'bukti.pdf', bytes: PDF, byteSize: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') };
const mm = (n: number) => String(n).padStart(2, '0');

interface RiskPart { part: string; points: number; available: boolean; explanation: string }
interface RiskRow { rank: number; kelurahanCode: string; score: number; parts: RiskPart[] }

/** Runs `fn` with the app's clock (Date only) at `iso`: a close made on that day, as the bendahara would have. */
async function on<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({ doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'], now: new Date(iso) });
  try {
    return await fn();
  } finally {
    jest.useRealTimers();
  }
}

describe('risk ranking from the books: missing evidence and late month closes', () => {
  let t: TestApp;
  let dataDir: string;
  let auditor: TestUser;
  const plans = new Map<number, CreatedPlan>();
  const bendahara = new Map<number, AuthUser>();
  const payments = new Map<number, SpendingEntryDto[]>();

  async function close(k: number, month: number, wibDate: string) {
    await on(`${wibDate}T10:00:00+07:00`, () => t.app.get(BookPeriodService).close(bendahara.get(k)!, KEL(k), YEAR, month));
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-flags-risk-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    await importKabkota(t, '35.73');
    auditor = await createUser(t, 'auditor', '35.73');
    for (let k = 1; k <= 4; k++) {
      const u = await insertUser(t.db, 'bendahara', KEL(k));
      const by: AuthUser = { id: u.id, username: u.username, fullName: u.username, role: 'bendahara', regionCode: KEL(k) };
      bendahara.set(k, by);
      // A small plan spent in full: no absorption lag, no other flag, so only the books' parts can tell them apart.
      plans.set(k, await createApprovedPlan(t, {
        kelurahanCode: KEL(k), year: YEAR,
        lines: [{ category: 'sarpras', subType: 'A1', description: 'Semen portland 50 kg', accountCode: '5.1.02.01.01.0024', volume: 100, unit: 'BUAH', unitPrice: 100_000 }],
      }));
      await t.app.get(FundService).record(by, {
        kelurahanCode: KEL(k), kind: 'UP', account: 'BANK', date: `${YEAR}-02-03`, amount: 50_000_000, documentNo: `SP2D/${k}/001`, documentDate: `${YEAR}-02-02`,
      });
      const pay = async (date: string, n: number) =>
        (await t.app.get(SpendingService).record(by, {
          planLineId: plans.get(k)!.lineIds[0], date, amount: 5_000_000, description: 'Semen portland', payee: `Toko Bangunan ${k}-${n}`, evidenceNo: `KW/${k}/${n}`, method: 'BANK',
        })).body;
      payments.set(k, [await pay(`${YEAR}-03-10`, 1), await pay(`${YEAR}-04-12`, 2)]);
    }
    const evidence = t.app.get(EvidenceService);
    // 1–3 keep every payment's kuitansi and nota (the checklist of belanja barang) and close each month by the 5th.
    for (let k = 1; k <= 3; k++) {
      for (const p of payments.get(k)!) {
        await evidence.attach(bendahara.get(k)!, p, FILE, { kind: 'KUITANSI' });
        await evidence.attach(bendahara.get(k)!, p, FILE, { kind: 'NOTA' });
      }
      for (let month = 2; month <= 12; month++) await close(k, month, month === 12 ? `${YEAR + 1}-01-05` : `${YEAR}-${mm(month + 1)}-05`);
    }
    // 4 has a kuitansi for the first payment only, closes March on 25 April, never closes April and May.
    await evidence.attach(bendahara.get(4)!, payments.get(4)![0], FILE, { kind: 'KUITANSI' });
    await close(4, 2, `${YEAR}-03-09`);
    await close(4, 3, `${YEAR}-04-25`);
    for (let month = 6; month <= 12; month++) await close(4, month, month === 12 ? `${YEAR + 1}-01-10` : `${YEAR}-${mm(month + 1)}-10`);
  }, 240_000);

  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('ranks the kelurahan lacking evidence and closing late first, each part explained with its points', async () => {
    const res = await t.http().get(`/api/flags/risk?year=${YEAR}&region=35.73.01`).set(bearer(auditor));
    expect(res.status).toBe(200);
    const rows = res.body as RiskRow[];
    expect(rows[0].kelurahanCode).toBe(KEL(4));
    const part = (r: RiskRow, name: string) => r.parts.find((p) => p.part === name)!;
    expect(part(rows[0], 'openFlags')).toMatchObject({ points: 0 });
    expect(part(rows[0], 'absorptionLag')).toMatchObject({ points: 0, available: true });
    expect(part(rows[0], 'missingEvidence')).toEqual({
      part: 'missingEvidence', points: 1, available: true, explanation: '2 dari 2 pembayaran tanpa bukti wajib (KUITANSI 1, NOTA 2) × 0,5 = 1',
    });
    expect(part(rows[0], 'lateMonthClose')).toEqual({
      part: 'lateMonthClose', points: 5, available: true,
      explanation: '2 bulan belum ditutup lewat batas (Apr, Mei) × 2 + 1 bulan ditutup terlambat (Mar 15 hari) × 1 = 5; batas tutup buku tanggal 10 bulan berikutnya',
    });
    expect(rows[0].score).toBe(6);
    expect(rows[0].rank).toBe(1);

    for (const k of [1, 2, 3]) {
      const r = rows.find((x) => x.kelurahanCode === KEL(k))!;
      expect(r.score).toBe(0);
      expect(part(r, 'missingEvidence')).toMatchObject({ points: 0, available: true, explanation: '2 pembayaran, semua bukti wajib lengkap' });
      expect(part(r, 'lateMonthClose')).toMatchObject({ points: 0, available: true, explanation: '11 bulan ditutup tepat waktu (batas tutup buku tanggal 10 bulan berikutnya)' });
    }
  });

  it('a month closed on time, reopened and not closed again counts as not closed', async () => {
    await t.app.get(BookPeriodService).reopen({ ...bendahara.get(1)!, role: 'camat', regionCode: '35.73.01' }, KEL(1), YEAR, 7, 'Koreksi nota Juli');
    const res = await t.http().get(`/api/flags/risk?year=${YEAR}&region=35.73.01`).set(bearer(auditor));
    const one = (res.body as RiskRow[]).find((r) => r.kelurahanCode === KEL(1))!;
    expect(one.parts.find((p) => p.part === 'lateMonthClose')).toMatchObject({ points: 2, explanation: expect.stringContaining('1 bulan belum ditutup lewat batas (Jul) × 2') });
    expect(one.score).toBe(2);
  });

  it('the evidence and close parts follow the caller scope: another kecamatan sees none of these kelurahan', async () => {
    const camatOther = await createUser(t, 'camat', '35.73.02');
    const res = await t.http().get(`/api/flags/risk?year=${YEAR}`).set(bearer(camatOther));
    expect(res.status).toBe(200);
    expect((res.body as RiskRow[]).some((r) => r.kelurahanCode.startsWith('35.73.01.'))).toBe(false);
    expect((await t.http().get(`/api/flags/risk?year=${YEAR}&region=35.73.01`).set(bearer(camatOther))).status).toBe(404);
  });
});
