import ExcelJS from 'exceljs';
import { formatNumberId, formatPercent, terbilangRupiah } from '../../src/common/money/rupiah';
import { createTestApp, TestApp } from '../helpers/test-app';
import { pdfText as extractPdfText } from '../helpers/pdf-text';
import { importKabkota } from '../helpers/regions';
import { amendPlan, createApprovedPlan, CreatedPlan as FixturePlan, setAllocation, spend } from '../helpers/plans';
import { ledgerSum } from '../helpers/report-fixtures';
import { bearer, createUser, TestUser } from '../helpers/users';

// Kelurahan of Kota Malang (35.73) and Kota Kediri (35.71), both in Jawa Timur (35).
const K1 = '35.73.01.1001'; // Balearjosari, Kecamatan Blimbing
const K2 = '35.73.01.1002'; // Arjosari, Blimbing
const K5 = '35.73.01.1003'; // Polowijen, Blimbing: allocation only
const K3 = '35.73.02.1001'; // Klojen, Kecamatan Klojen
const K4 = '35.71.01.1001'; // Bandar Lor, Kota Kediri
const YEAR = 2026;

interface Spent {
  code: string;
  date: string;
  amount: number;
  category: 'sarpras' | 'pemberdayaan';
}

const pdfText = async (bytes: Buffer) => (await extractPdfText(bytes)).text;

describe('reports: roll-ups, PDFs, exports', () => {
  let t: TestApp;
  let admin: TestUser;
  let auditor: TestUser;
  let auditorKediri: TestUser;
  let camat: TestUser;
  let camatKlojen: TestUser;
  let lurah: TestUser;
  let lurahK2: TestUser;
  let bendahara: TestUser;
  let p1: FixturePlan;
  let p2: FixturePlan;
  const ledger: Spent[] = [];

  const get = (u: TestUser, path: string) => t.http().get(path).set(bearer(u));
  const summary = (u: TestUser, region: string, period: string, year = YEAR) =>
    get(u, `/api/reports/summary?region=${region}&year=${year}&period=${period}`);
  const binary = (u: TestUser, path: string) => get(u, path).buffer(true).responseType('blob');

  async function record(plan: FixturePlan, line: number, date: string, amount: number) {
    await spend(t, plan, line, date, amount);
    ledger.push({ code: plan.plan.kelurahanCode, date, amount, category: plan.lines[line].category as Spent['category'] });
  }

  // The oracle: the fixture's own list of entries, summed in JS.
  const sumOf = (prefix: string, to: string, from = '0000') =>
    ledger
      .filter((e) => (e.code === prefix || e.code.startsWith(prefix + '.')) && e.date >= from && e.date <= to && e.date.startsWith(String(YEAR)))
      .reduce((a, e) => a + e.amount, 0);

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://danakel.example.go.id/' });
    await importKabkota(t, '35.73', '35.71');
    admin = await createUser(t, 'admin', null);
    auditor = await createUser(t, 'auditor', '35.73');
    auditorKediri = await createUser(t, 'auditor', '35.71');
    camat = await createUser(t, 'camat', '35.73.01', {
      fullName: 'Drs. Bambang Sutrisno, M.Si.',
      nip: '197205151998031004',
      rank: 'Pembina Tingkat I (IV/b)',
    });
    camatKlojen = await createUser(t, 'camat', '35.73.02');
    lurah = await createUser(t, 'lurah', K1, { fullName: 'Siti Rahmawati, S.STP', nip: '198409292010012006', rank: 'Penata Tingkat I (III/d)' });
    lurahK2 = await createUser(t, 'lurah', K2);
    bendahara = await createUser(t, 'bendahara', K1);

    await setAllocation(t, K1, YEAR, 1_000_000_000);
    await setAllocation(t, K2, YEAR, 800_000_000);
    await setAllocation(t, K5, YEAR, 700_000_000);
    await setAllocation(t, K3, YEAR, 500_000_000);
    await setAllocation(t, K4, YEAR, 600_000_000);

    p1 = await createApprovedPlan(t, {
      kelurahanCode: K1,
      year: YEAR,
      lurah,
      camat,
      allocation: null,
      lines: [
        { category: 'sarpras', subType: 'A2', accountCode: '5.1.02.01.01.0052', description: 'Paving jalan RT 03 RW 05', volume: 100, unit: 'M2', unitPrice: 1_500_000 },
        { category: 'sarpras', subType: 'A1', accountCode: '5.1.02.01.01.0024', description: 'Saluran drainase RW 02', volume: 12.5, unit: 'm', unitPrice: 8_000_000 },
        { category: 'pemberdayaan', subType: 'B1', accountCode: '5.1.02.02.01.0003', description: 'Pelatihan kader posyandu', volume: 245, unit: 'Orang', unitPrice: 200_000 },
      ],
    });
    // An amendment still in draft must not change the figures: the approved version stays in force.
    await amendPlan(t, p1, {
      update: Object.fromEntries(p1.lines.map((l) => [l.id, { unitPrice: l.unitPrice * 2 }])),
      add: [{ category: 'pemberdayaan', subType: 'B2', accountCode: '5.1.02.02.01.0004', description: 'Baris baru belum disetujui', volume: 1, unit: 'Paket', unitPrice: 77_000_000 }],
    });
    p2 = await createApprovedPlan(t, {
      kelurahanCode: K2,
      year: YEAR,
      allocation: null,
      lines: [
        { category: 'sarpras', subType: 'A3', accountCode: '5.1.02.01.01.0100', description: 'Rehab balai RW', volume: 1, unit: 'Paket', unitPrice: 200_000_000 },
        { category: 'pemberdayaan', subType: 'B3', accountCode: '5.1.02.02.01.0010', description: 'Bazar UMKM', volume: 1, unit: 'Kegiatan', unitPrice: 50_000_000 },
      ],
    });
    const p3 = await createApprovedPlan(t, {
      kelurahanCode: K3,
      year: YEAR,
      allocation: null,
      lines: [{ category: 'sarpras', subType: 'A1', accountCode: '5.1.02.01.01.0024', description: '=Drainase "Klojen", tahap 1', volume: 1, unit: 'Paket', unitPrice: 100_000_000 }],
    });
    const p4 = await createApprovedPlan(t, {
      kelurahanCode: K4,
      year: YEAR,
      allocation: null,
      lines: [{ category: 'pemberdayaan', subType: 'B1', accountCode: '5.1.02.02.01.0003', description: 'Pelatihan Kediri', volume: 1, unit: 'Paket', unitPrice: 120_000_000 }],
    });
    // Another year for K1: must never leak into 2026.
    await setAllocation(t, K1, 2025, 900_000_000);
    const old = await createApprovedPlan(t, {
      kelurahanCode: K1,
      year: 2025,
      allocation: null,
      lurah,
      camat,
      lines: [{ category: 'sarpras', subType: 'A1', accountCode: '5.1.02.01.01.0024', description: 'Lama', volume: 1, unit: 'Paket', unitPrice: 10_000_000 }],
    });
    await spend(t, old, 0, '2025-06-01', 1_000_000);

    await record(p1, 0, '2026-02-10', 20_000_000); // Q1
    await record(p1, 0, '2026-05-05', 30_000_000); // Q2
    await record(p1, 0, '2026-08-01', 10_000_000); // Q3
    await record(p1, 1, '2026-04-01', 15_000_000); // Q2, first day
    await record(p1, 1, '2026-06-30', 5_000_000); // Q2, last day
    await record(p1, 1, '2026-12-31', 7_000_000); // Q4, last day of the year
    await record(p1, 2, '2026-03-31', 3_000_000); // Q1, last day
    await record(p1, 2, '2026-10-01', 4_000_000); // Q4
    await record(p2, 0, '2026-01-15', 11_000_000);
    await record(p2, 1, '2026-07-20', 2_500_000);
    await record(p3, 0, '2026-04-15', 40_000_000);
    await record(p4, 0, '2026-09-09', 60_000_000);
  });
  afterAll(() => t?.close());

  describe('summary', () => {
    it('kelurahan Q2: cumulative to 30 June beside the quarter alone, per line of the version in force', async () => {
      const res = await summary(lurah, K1, 'Q2').expect(200);
      expect(res.body.region).toEqual({ code: K1, name: 'Balearjosari', level: 'kelurahan' });
      expect(res.body).toMatchObject({ year: YEAR, period: 'Q2', childLevel: 'line' });
      expect(res.body.totals).toEqual({
        allocation: 1_000_000_000,
        planned: 299_000_000,
        realized: 73_000_000,
        realizedInPeriod: 50_000_000,
        realizedBefore: 23_000_000,
        remaining: 226_000_000,
        absorption: 24.41,
      });
      expect(res.body.byCategory).toEqual([
        { category: 'sarpras', planned: 250_000_000, realized: 70_000_000, realizedInPeriod: 50_000_000, realizedBefore: 20_000_000, remaining: 180_000_000, absorption: 28 },
        { category: 'pemberdayaan', planned: 49_000_000, realized: 3_000_000, realizedInPeriod: 0, realizedBefore: 3_000_000, remaining: 46_000_000, absorption: 6.12 },
      ]);
      // Sarpras by kode rekening (drainase .0024 before paving .0052), then pemberdayaan; the draft's new line is absent.
      expect(res.body.children.map((c: { description: string }) => c.description)).toEqual([
        'Saluran drainase RW 02',
        'Paving jalan RT 03 RW 05',
        'Pelatihan kader posyandu',
      ]);
      expect(res.body.children[0]).toEqual({
        code: '5.1.02.01.01.0024',
        name: 'Saluran drainase RW 02',
        lineId: p1.lineIds[1],
        accountCode: '5.1.02.01.01.0024',
        description: 'Saluran drainase RW 02',
        category: 'sarpras',
        subType: 'A1',
        volume: 12.5,
        unit: 'm',
        allocation: 100_000_000,
        planned: 100_000_000,
        realized: 20_000_000,
        realizedInPeriod: 20_000_000,
        realizedBefore: 0,
        remaining: 80_000_000,
        absorption: 20,
      });
      expect(res.body.children[1]).toMatchObject({ planned: 150_000_000, realized: 50_000_000, realizedInPeriod: 30_000_000, absorption: 33.33 });
      expect(res.body.children[2]).toMatchObject({ planned: 49_000_000, realized: 3_000_000, realizedInPeriod: 0, absorption: 6.12 });
      expect(res.body.totals.realized).toBe(await ledgerSum(t.db, K1, YEAR, '2026-06-30'));
      expect(res.body.totals.realizedInPeriod).toBe(await ledgerSum(t.db, K1, YEAR, '2026-06-30', '2026-04-01'));
    });

    it('kelurahan S1 and FY agree with the ledger and with the oracle', async () => {
      const s1 = (await summary(bendahara, K1, 'S1').expect(200)).body;
      expect(s1.totals).toMatchObject({ realized: 73_000_000, realizedInPeriod: 73_000_000, realizedBefore: 0 });
      const fy = (await summary(lurah, K1, 'FY').expect(200)).body;
      expect(fy.totals).toMatchObject({ planned: 299_000_000, realized: 94_000_000, realizedInPeriod: 94_000_000, remaining: 205_000_000, absorption: 31.44 });
      expect(fy.totals.realized).toBe(await ledgerSum(t.db, K1, YEAR, '2026-12-31'));
      expect(fy.children.reduce((a: number, c: { realized: number }) => a + c.realized, 0)).toBe(94_000_000);
      const q4 = (await summary(lurah, K1, 'Q4').expect(200)).body;
      expect(q4.totals).toMatchObject({ realized: 94_000_000, realizedInPeriod: 11_000_000, realizedBefore: 83_000_000 });
      const s2 = (await summary(lurah, K1, 'S2').expect(200)).body;
      expect(s2.totals.realizedInPeriod).toBe(sumOf(K1, '2026-12-31', '2026-07-01'));
    });

    it('kecamatan Q2: one row per kelurahan (all 11, zeros included), totals summed from them', async () => {
      const res = await summary(camat, '35.73.01', 'Q2').expect(200);
      expect(res.body.region).toEqual({ code: '35.73.01', name: 'Blimbing', level: 'kecamatan' });
      expect(res.body.childLevel).toBe('kelurahan');
      expect(res.body.totals).toEqual({
        allocation: 2_500_000_000,
        planned: 549_000_000,
        realized: 84_000_000,
        realizedInPeriod: 50_000_000,
        realizedBefore: 34_000_000,
        remaining: 465_000_000,
        absorption: 15.3,
      });
      expect(res.body.children).toHaveLength(11);
      const byCode = Object.fromEntries(res.body.children.map((c: { code: string }) => [c.code, c]));
      expect(byCode[K1]).toEqual({ code: K1, name: 'Balearjosari', level: 'kelurahan', allocation: 1_000_000_000, planned: 299_000_000, realized: 73_000_000, realizedInPeriod: 50_000_000, realizedBefore: 23_000_000, remaining: 226_000_000, absorption: 24.41 });
      expect(byCode[K2]).toMatchObject({ allocation: 800_000_000, planned: 250_000_000, realized: 11_000_000, realizedInPeriod: 0, absorption: 4.4 });
      expect(byCode[K5]).toMatchObject({ allocation: 700_000_000, planned: 0, realized: 0, absorption: 0 });
      expect(byCode['35.73.01.1004']).toMatchObject({ allocation: 0, planned: 0, realized: 0, remaining: 0, absorption: 0 });
      expect(res.body.byCategory).toEqual([
        expect.objectContaining({ category: 'sarpras', planned: 450_000_000, realized: 81_000_000 }),
        expect.objectContaining({ category: 'pemberdayaan', planned: 99_000_000, realized: 3_000_000 }),
      ]);
      const sum = (k: string) => res.body.children.reduce((a: number, c: Record<string, number>) => a + c[k], 0);
      for (const k of ['allocation', 'planned', 'realized', 'realizedInPeriod']) expect(sum(k)).toBe(res.body.totals[k]);
      expect(res.body.totals.realized).toBe(await ledgerSum(t.db, '35.73.01', YEAR, '2026-06-30'));
    });

    it('kab/kota Q2 (rows = kecamatan) and provinsi FY (rows = kab/kota)', async () => {
      const kota = (await summary(auditor, '35.73', 'Q2').expect(200)).body;
      expect(kota.region).toEqual({ code: '35.73', name: 'Kota Malang', level: 'kabkota' });
      expect(kota.children.map((c: { code: string }) => c.code)).toEqual(['35.73.01', '35.73.02', '35.73.03', '35.73.04', '35.73.05']);
      expect(kota.totals).toMatchObject({ allocation: 3_000_000_000, planned: 649_000_000, realized: 124_000_000, realizedInPeriod: 90_000_000 });
      expect(kota.children[0]).toMatchObject({ code: '35.73.01', name: 'Blimbing', realized: 84_000_000, realizedInPeriod: 50_000_000 });
      expect(kota.children[1]).toMatchObject({ code: '35.73.02', name: 'Klojen', allocation: 500_000_000, planned: 100_000_000, realized: 40_000_000, absorption: 40 });
      expect(kota.totals.realized).toBe(sumOf('35.73', '2026-06-30'));

      const prov = (await summary(admin, '35', 'FY').expect(200)).body;
      expect(prov.region).toEqual({ code: '35', name: 'Jawa Timur', level: 'provinsi' });
      expect(prov.children.map((c: { code: string }) => c.code)).toEqual(['35.71', '35.73']);
      expect(prov.children[0]).toMatchObject({ name: 'Kota Kediri', allocation: 600_000_000, planned: 120_000_000, realized: 60_000_000, absorption: 50 });
      expect(prov.children[1]).toMatchObject({ name: 'Kota Malang', realized: 147_500_000 });
      expect(prov.totals).toMatchObject({ allocation: 3_600_000_000, planned: 769_000_000, realized: 207_500_000, realizedInPeriod: 207_500_000 });
      expect(prov.totals.realized).toBe(await ledgerSum(t.db, '35', YEAR, '2026-12-31'));
    });

    it('the national admin without a region gets the nation; others default to their own region', async () => {
      const nation = (await get(admin, `/api/reports/summary?year=${YEAR}`).expect(200)).body;
      expect(nation.region).toEqual({ code: null, name: 'Indonesia', level: 'nasional' });
      expect(nation.period).toBe('FY');
      expect(nation.children.map((c: { code: string }) => c.code)).toEqual(['35']);
      expect(nation.totals.realized).toBe(207_500_000);
      const own = (await get(camat, `/api/reports/summary?year=${YEAR}&period=Q2`).expect(200)).body;
      expect(own.region.code).toBe('35.73.01');
    });

    it('a year without data is a report of zeros', async () => {
      const res = await summary(camat, '35.73.01', 'FY', 2031).expect(200);
      expect(res.body.totals).toEqual({ allocation: 0, planned: 0, realized: 0, realizedInPeriod: 0, realizedBefore: 0, remaining: 0, absorption: 0 });
      expect(res.body.children).toHaveLength(11);
      const kel = await summary(lurah, K1, 'Q3', 2031).expect(200);
      expect(kel.body.children).toEqual([]);
      // The 2025 plan's spending stays in 2025.
      const y2025 = (await summary(lurah, K1, 'FY', 2025).expect(200)).body;
      expect(y2025.totals).toMatchObject({ allocation: 900_000_000, planned: 10_000_000, realized: 1_000_000 });
    });

    it('refuses a period not in the list and a bad year with 400', async () => {
      const bad = await summary(camat, '35.73.01', 'Q5').expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'period' })]);
      await get(camat, '/api/reports/summary?region=35.73.01&year=abc&period=FY').expect(400);
      await get(camat, '/api/reports/summary?region=35.73.01&period=FY').expect(400);
    });

    it('answers an unknown or out-of-scope region with the same 404', async () => {
      for (const [u, region] of [
        [lurah, K2],
        [lurah, '35.73.01'],
        [lurahK2, K1],
        [camat, '35.73.02'],
        [camatKlojen, K1],
        [auditor, '35.71'],
        [auditorKediri, '35'],
        [auditor, '35.73.99'],
        [admin, '99'],
        [admin, 'abc'],
      ] as Array<[TestUser, string]>) {
        const res = await summary(u, region, 'FY').expect(404);
        expect(res.body.code).toBe('REGION_NOT_FOUND');
      }
    });
  });

  describe('realisasi PDF', () => {
    async function downloadPdf(u: TestUser, region: string, period: string) {
      const res = await binary(u, `/api/reports/realisasi.pdf?region=${region}&year=${YEAR}&period=${period}`).expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="realisasi-${region}-${YEAR}-${period}.pdf"`);
      const number = res.headers['x-document-number'];
      expect(number).toMatch(new RegExp(`^DK/${region.replace(/\./g, '\\.')}/${YEAR}/\\d{6}$`));
      const bytes = res.body as Buffer;
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      return { bytes, number: number as string, text: await pdfText(bytes) };
    }

    it('kelurahan Q2: line detail, totals equal to the summary and the ledger, signatures, number and URL', async () => {
      const { bytes, number, text } = await downloadPdf(lurah, K1, 'Q2');
      const s = (await summary(lurah, K1, 'Q2')).body;
      const ledgerTotal = await ledgerSum(t.db, K1, YEAR, '2026-06-30');
      expect(s.totals.realized).toBe(ledgerTotal);
      expect(text).toContain(number);
      expect(text).toContain('LAPORAN REALISASI PENGGUNAAN DANA KELURAHAN');
      expect(text).toContain('TRIWULAN II TAHUN ANGGARAN 2026');
      for (const desc of ['Paving jalan RT 03 RW 05', 'Saluran drainase RW 02', 'Pelatihan kader posyandu']) expect(text).toContain(desc);
      expect(text).not.toContain('Baris baru belum disetujui');
      // Grand total row: budget, before, in period, to date (= the ledger), remaining, percent.
      const n = formatNumberId;
      expect(text).toContain(
        `JUMLAH TOTAL ${n(s.totals.planned)} ${n(s.totals.realizedBefore)} ${n(s.totals.realizedInPeriod)} ${n(ledgerTotal)} ${n(s.totals.remaining)} ${formatPercent(s.totals.absorption)}`,
      );
      expect(text.replace(/\s+/g, ' ').toLowerCase()).toContain(terbilangRupiah(ledgerTotal));
      // Signature blocks from the users table: camat and lurah with NIP and rank; place without "Kota".
      expect(text).toContain('Drs. Bambang Sutrisno, M.Si.');
      expect(text).toContain('19720515 199803 1 004');
      expect(text).toContain('Pembina Tingkat I (IV/b)');
      expect(text).toContain('Siti Rahmawati, S.STP');
      expect(text).toContain('19840929 201001 2 006');
      expect(text).toMatch(/Malang, \d{1,2} \w+ \d{4}/);
      expect(text).not.toMatch(/Kota Malang, \d/);
      expect(text.replace(/\s+/g, '')).toContain(`https://danakel.example.go.id/verifikasi/${encodeURIComponent(number)}`);

      // The registry holds these exact bytes: the number answers, and the file verifies.
      const doc = await get(lurah, `/api/documents/${encodeURIComponent(number)}`).expect(200);
      expect(doc.body).toMatchObject({ number, kind: 'realisasi', year: YEAR, period: 'Q2' });
      const ok = await t.http().post('/api/documents/verify').set(bearer(lurah)).attach('file', bytes, { filename: 'laporan.pdf', contentType: 'application/pdf' }).expect(200);
      expect(ok.body.valid).toBe(true);
      expect(ok.body.document.number).toBe(number);
      const tampered = Buffer.from(bytes);
      tampered[Math.floor(tampered.length / 2)] ^= 0x01;
      const bad = await t.http().post('/api/documents/verify').set(bearer(lurah)).attach('file', tampered, { filename: 'laporan.pdf', contentType: 'application/pdf' }).expect(200);
      expect(bad.body.valid).toBe(false);

      const [audit] = await t.db.query(`SELECT action, entity_id, region_code FROM audit_event WHERE action = 'document.issue' AND entity_id = $1`, [number]);
      expect(audit).toEqual({ action: 'document.issue', entity_id: number, region_code: K1 });
    });

    it('kecamatan, kab/kota and provinsi: one row per child, totals equal to the summary and the ledger', async () => {
      for (const [u, region, period, to] of [
        [camat, '35.73.01', 'S1', '2026-06-30'],
        [auditor, '35.73', 'Q2', '2026-06-30'],
        [admin, '35', 'FY', '2026-12-31'],
      ] as Array<[TestUser, string, string, string]>) {
        const { bytes, number, text } = await downloadPdf(u, region, period);
        const s = (await summary(u, region, period)).body;
        const ledgerTotal = await ledgerSum(t.db, region, YEAR, to);
        expect(s.totals.realized).toBe(ledgerTotal);
        expect(text).toContain(number);
        const n = formatNumberId;
        const flat = text.replace(/\s+/g, ' ');
        // Grand total row: pagu, anggaran, realisasi before / in / to the end of the period (= the ledger), sisa,
        // % serapan; then one row per child.
        const t0 = s.totals;
        expect(flat).toContain(
          `JUMLAH TOTAL ${n(t0.allocation)} ${n(t0.planned)} ${n(t0.realizedBefore)} ${n(t0.realizedInPeriod)} ${n(ledgerTotal)} ${n(t0.remaining)} ${formatPercent(t0.absorption)}`,
        );
        type Child = { code: string; name: string; allocation: number; planned: number; realizedBefore: number; realizedInPeriod: number; realized: number; remaining: number; absorption: number };
        s.children.forEach((c: Child, i: number) => {
          expect(flat).toContain(
            `${i + 1} ${c.code} ${c.name} ${n(c.allocation)} ${n(c.planned)} ${n(c.realizedBefore)} ${n(c.realizedInPeriod)} ${n(c.realized)} ${n(c.remaining)} ${formatPercent(c.absorption)}`,
          );
        });
        const v = await t.http().post('/api/documents/verify').set(bearer(u)).attach('file', bytes, { filename: 'r.pdf', contentType: 'application/pdf' }).expect(200);
        expect(v.body).toMatchObject({ valid: true, document: { number } });
      }
    });

    it('numbers documents per region and year, once per document, and refuses a region out of scope with 404', async () => {
      const a = await binary(camat, `/api/reports/realisasi.pdf?region=35.73.01&year=${YEAR}&period=Q1`).expect(200);
      const b = await binary(camat, `/api/reports/realisasi.pdf?region=35.73.01&year=${YEAR}&period=Q1`).expect(200);
      const c = await binary(camat, `/api/reports/realisasi.pdf?region=35.73.01&year=${YEAR}&period=Q3`).expect(200);
      const seq = (n: string) => Number(n.split('/').pop());
      // The same figures asked for again: the same number and the same bytes; another period is another document.
      expect(b.headers['x-document-number']).toBe(a.headers['x-document-number']);
      expect(Buffer.compare(b.body, a.body)).toBe(0);
      expect(seq(c.headers['x-document-number'])).toBe(seq(a.headers['x-document-number']) + 1);
      expect((await get(lurahK2, `/api/reports/realisasi.pdf?region=${K1}&year=${YEAR}&period=Q1`).expect(404)).body.code).toBe('REGION_NOT_FOUND');
      await get(camat, `/api/reports/realisasi.pdf?region=35.73.01&year=${YEAR}&period=T1`).expect(400);
    });
  });

  describe('plan PDF', () => {
    it('prints the plan with lines, totals, terbilang, the lurah signature and the approval stamp', async () => {
      const res = await binary(lurah, `/api/plans/${p1.planId}/pdf?version=1`).expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const number = res.headers['x-document-number'];
      expect(number).toMatch(/^DK\/35\.73\.01\.1001\/2026\/\d{6}$/);
      const text = await pdfText(res.body);
      expect(text).toContain('RENCANA KEGIATAN DAN ANGGARAN KELURAHAN');
      expect(text).toContain(number);
      for (const l of p1.lines) {
        expect(text).toContain(l.description);
        expect(text).toContain(formatNumberId(l.amount));
      }
      expect(text).toContain(formatNumberId(299_000_000));
      expect(text.replace(/\s+/g, ' ').toLowerCase()).toContain(terbilangRupiah(299_000_000));
      expect(text).toContain('Siti Rahmawati, S.STP');
      expect(text).toContain('DISETUJUI');
      expect(text).not.toContain('BELUM DISETUJUI');
      expect(text).toContain('Oleh: Drs. Bambang Sutrisno, M.Si.');
      const v = await t.http().post('/api/documents/verify').set(bearer(camat)).attach('file', res.body, { filename: 'p.pdf', contentType: 'application/pdf' }).expect(200);
      expect(v.body.valid).toBe(true);
    });

    it('prints the newest version by default (the draft amendment, not approved)', async () => {
      const res = await binary(lurah, `/api/plans/${p1.planId}/pdf`).expect(200);
      const text = await pdfText(res.body);
      expect(text).toContain('Baris baru belum disetujui');
      expect(text).toContain(formatNumberId(2 * 299_000_000 + 77_000_000));
      expect(text).toContain('BELUM DISETUJUI');
    });

    it("answers another kelurahan's plan, an unknown plan and an unknown version with 404", async () => {
      expect((await get(lurah, `/api/plans/${p2.planId}/pdf`).expect(404)).body.code).toBe('PLAN_NOT_FOUND');
      await get(camatKlojen, `/api/plans/${p1.planId}/pdf`).expect(404);
      await get(lurah, `/api/plans/00000000-0000-4000-8000-000000000000/pdf`).expect(404);
      await get(lurah, `/api/plans/not-a-uuid/pdf`).expect(404);
      await get(lurah, `/api/plans/${p1.planId}/pdf?version=9`).expect(404);
      await binary(lurahK2, `/api/plans/${p2.planId}/pdf`).expect(200);
    });
  });

  describe('exports', () => {
    async function readXlsx(bytes: Buffer) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      return wb;
    }
    // Formula cells read as their cached result.
    const cellValue = (v: unknown) => (v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v);
    const allRows = (ws: ExcelJS.Worksheet) => {
      const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      const rows: Array<Record<string, unknown>> = [];
      ws.eachRow((row, n) => {
        if (n === 1) return;
        const values = (row.values as unknown[]).slice(1);
        rows.push(Object.fromEntries(header.map((h, i) => [h, cellValue(values[i])])));
      });
      return rows;
    };
    // The data rows of a sheet, without the JUMLAH row under them.
    const sheetRows = (ws: ExcelJS.Worksheet) => allRows(ws).filter((r) => !Object.values(r).includes('JUMLAH'));
    const totalRow = (ws: ExcelJS.Worksheet) => allRows(ws).find((r) => Object.values(r).includes('JUMLAH'));

    it('xlsx for a kab/kota: a sheet of kecamatan and a sheet of kelurahan, numbers as numbers, equal to the summary', async () => {
      const res = await binary(auditor, `/api/reports/realisasi.xlsx?region=35.73&year=${YEAR}&period=Q2`).expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="realisasi-35.73-${YEAR}-Q2.xlsx"`);
      const wb = await readXlsx(res.body);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Ringkasan', 'Kecamatan', 'Kelurahan']);
      const kota = (await summary(auditor, '35.73', 'Q2')).body;
      const kec = sheetRows(wb.getWorksheet('Kecamatan')!);
      expect(kec.map((r) => r['Kode'])).toEqual(kota.children.map((c: { code: string }) => c.code));
      kec.forEach((r, i) => {
        const c = kota.children[i];
        expect(r).toMatchObject({
          'Pagu (Rp)': c.allocation,
          'Anggaran (Rp)': c.planned,
          'Realisasi Periode Ini (Rp)': c.realizedInPeriod,
          'Realisasi s.d. Periode Ini (Rp)': c.realized,
          'Sisa (Rp)': c.remaining,
          '% Serapan': c.absorption,
        });
      });
      expect(wb.getWorksheet('Kecamatan')!.getCell('E2').numFmt).toBe('#,##0');
      const kel = sheetRows(wb.getWorksheet('Kelurahan')!);
      expect(kel).toHaveLength(57);
      const kecSummary = (await summary(auditor, '35.73.01', 'Q2')).body;
      const k1 = kel.find((r) => r['Kode'] === K1)!;
      expect(k1).toMatchObject({ 'Nama': 'Balearjosari', 'Kode Induk': '35.73.01', 'Realisasi s.d. Periode Ini (Rp)': 73_000_000 });
      expect(kel.filter((r) => r['Kode Induk'] === '35.73.01').reduce((a, r) => a + (r['Realisasi s.d. Periode Ini (Rp)'] as number), 0)).toBe(kecSummary.totals.realized);
      const total = sheetRows(wb.getWorksheet('Ringkasan')!)[0];
      expect(total).toMatchObject({ 'Pagu (Rp)': kota.totals.allocation, 'Anggaran (Rp)': kota.totals.planned, 'Realisasi s.d. Periode Ini (Rp)': kota.totals.realized });
      // The region by its own name ("Kota Malang", never "Kabupaten/Kota Kota Malang"), categories by their names.
      expect(total['Uraian']).toBe('Kota Malang (35.73)');
      expect(sheetRows(wb.getWorksheet('Ringkasan')!).map((r) => r['Uraian'])).toContain('A. Pembangunan Sarana dan Prasarana Kelurahan');
      // Each level's sheet closes with a JUMLAH row: summed by formula, equal to the region's totals.
      for (const name of ['Kecamatan', 'Kelurahan']) {
        const ws = wb.getWorksheet(name)!;
        expect(totalRow(ws)).toMatchObject({ 'Pagu (Rp)': kota.totals.allocation, 'Anggaran (Rp)': kota.totals.planned, 'Realisasi s.d. Periode Ini (Rp)': kota.totals.realized });
        const plannedColumn = (ws.getRow(1).values as unknown[]).indexOf('Anggaran (Rp)');
        const formula = (ws.getRow(ws.rowCount).getCell(plannedColumn).value as { formula: string }).formula;
        expect(formula).toBe(`SUM(${ws.getColumn(plannedColumn).letter}2:${ws.getColumn(plannedColumn).letter}${ws.rowCount - 1})`);
        expect(ws.headerFooter.oddHeader).toContain('Laporan Realisasi Penggunaan Dana Kelurahan Kota Malang Triwulan II Tahun Anggaran 2026');
      }
    });

    it('xlsx for a kelurahan: the line sheet', async () => {
      const res = await binary(lurah, `/api/reports/realisasi.xlsx?region=${K1}&year=${YEAR}&period=Q2`).expect(200);
      const wb = await readXlsx(res.body);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Ringkasan', 'Rincian Kegiatan']);
      const lines = sheetRows(wb.getWorksheet('Rincian Kegiatan')!);
      const s = (await summary(lurah, K1, 'Q2')).body;
      expect(lines.map((r) => r['Uraian'])).toEqual(s.children.map((c: { description: string }) => c.description));
      lines.forEach((r, i) => expect(r).toMatchObject({ 'Anggaran (Rp)': s.children[i].planned, 'Realisasi s.d. Periode Ini (Rp)': s.children[i].realized, 'ID Baris': s.children[i].lineId }));
      // Labels, not codes: the category's name and the unit's printed label ("M²", "Orang").
      const paving = lines.find((r) => r['Uraian'] === 'Paving jalan RT 03 RW 05')!;
      expect(paving).toMatchObject({ 'Kategori': 'A. Pembangunan Sarana dan Prasarana Kelurahan', 'Satuan': 'M²' });
      expect(lines.map((r) => r['Kategori'])).not.toContain('sarpras');
      expect(totalRow(wb.getWorksheet('Rincian Kegiatan')!)).toMatchObject({ 'Uraian': 'JUMLAH', 'Anggaran (Rp)': s.totals.planned, 'Realisasi s.d. Periode Ini (Rp)': s.totals.realized });
    });

    it('csv for Excel in an Indonesian locale: BOM, Indonesian headers, semicolons, raw integers, the region first, equal to the summary', async () => {
      const res = await get(camat, `/api/reports/realisasi.csv?region=35.73.01&year=${YEAR}&period=Q2`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="realisasi-35.73.01-${YEAR}-Q2.csv"`);
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines.pop()).toBe('');
      expect(lines[0]).toBe(
        'Tingkat;Kode;Nama;Kode Induk;ID Baris;Kode Rekening;Kategori;Jenis;Pagu (Rp);Anggaran (Rp);Realisasi s.d. Periode Lalu (Rp);Realisasi Periode Ini (Rp);Realisasi s.d. Periode Ini (Rp);Sisa (Rp);% Serapan',
      );
      expect(lines[1]).toBe('kecamatan;35.73.01;Blimbing;35.73;;;;;2500000000;549000000;34000000;50000000;84000000;465000000;15.30');
      const s = (await summary(camat, '35.73.01', 'Q2')).body;
      const rows = lines.slice(2).map((l) => l.split(';'));
      expect(rows).toHaveLength(11);
      rows.forEach((r, i) => {
        const c = s.children[i];
        expect(r.slice(0, 4)).toEqual(['kelurahan', c.code, c.name, '35.73.01']);
        expect(r.slice(8).map(Number)).toEqual([c.allocation, c.planned, c.realizedBefore, c.realizedInPeriod, c.realized, c.remaining, c.absorption]);
      });
    });

    it('csv for a kelurahan quotes text as needed and keeps the line figures', async () => {
      const res = await get(lurah, `/api/reports/realisasi.csv?region=${K1}&year=${YEAR}&period=FY`).expect(200);
      const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[1]).toBe(`kelurahan;${K1};Balearjosari;35.73.01;;;;;1000000000;299000000;0;94000000;94000000;205000000;31.44`);
      expect(lines.slice(2)).toHaveLength(3);
      expect(lines[2]).toBe(`line;5.1.02.01.01.0024;Saluran drainase RW 02;${K1};${p1.lineIds[1]};5.1.02.01.01.0024;sarpras;A1;100000000;100000000;0;27000000;27000000;73000000;27.00`);
      // Quotes doubled, a field with a separator quoted, and a leading "=" defused so a spreadsheet shows text.
      const klojen = await get(auditor, `/api/reports/realisasi.csv?region=${K3}&year=${YEAR}&period=FY`).expect(200);
      expect(klojen.text.split('\r\n')[2]).toMatch(/^line;5\.1\.02\.01\.01\.0024;"'=Drainase ""Klojen"", tahap 1";35\.73\.02\.1001;[0-9a-f-]{36};5\.1\.02\.01\.01\.0024;sarpras;A1;100000000;100000000;0;40000000;40000000;60000000;40\.00$/);
      await get(lurahK2, `/api/reports/realisasi.csv?region=${K1}&year=${YEAR}`).expect(404);
      await get(lurah, `/api/reports/realisasi.xlsx?region=35.73&year=${YEAR}`).expect(404);
    });
  });
});
