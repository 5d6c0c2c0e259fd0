import ExcelJS from 'exceljs';
import { FLAG_KIND_LABEL, FLAG_STATUS_LABEL } from '../../src/modules/flags/flag-labels';
import type { AuthUser } from '../../src/common/auth/auth-user';
import type { FlagView } from '../../src/modules/flags/flags.service';
import { SpendingService } from '../../src/modules/spending/spending.service';
import { createApprovedPlan, createPlanInState, CreatedPlan, PlanLineInput } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { bearer, createUser, insertUser, TestUser } from '../helpers/users';

// A past year, so the absorption schedule is judged on the whole year (as of 31 December).
const YEAR = new Date().getFullYear() - 1;
const KEL = (n: number) => `35.73.01.${1000 + n}`;
const D = (mmdd: string) => `${YEAR}-${mmdd}`;

const linesFor = (i: number, extra: PlanLineInput[] = [], mamin = 30_000 + i * 500): PlanLineInput[] => [
  { category: 'sarpras', subType: 'A1', description: `Pembangunan saluran drainase RW 0${i}`, accountCode: '5.2.04.01.01.0001', volume: 1, unit: 'PAKET', unitPrice: 100_000_000 + i * 1_000_000 },
  { category: 'pemberdayaan', subType: 'B4', description: 'Makan minum rapat LPM', accountCode: '5.1.02.01.01.0052', volume: 100, unit: 'ORANG_KALI', unitPrice: mamin },
  { category: 'sarpras', subType: 'A1', description: 'Semen portland 50 kg', accountCode: '5.1.02.01.01.0024', volume: 100, unit: 'BUAH', unitPrice: 75_000 + i * 500 },
  ...extra,
];

describe('early warning (flags)', () => {
  let t: TestApp;
  let admin: TestUser;
  let camat: TestUser;
  let camatOther: TestUser;
  let auditor: TestUser;
  let lurah9: TestUser;
  const plans = new Map<number, CreatedPlan>();
  const bendahara = new Map<number, AuthUser>();
  const ids: Record<string, string[]> = {};

  async function book(k: number, line: number, date: string, amount: number, payee: string, evidenceNo: string): Promise<string> {
    let by = bendahara.get(k);
    if (!by) {
      const u = await insertUser(t.db, 'bendahara', KEL(k));
      by = { id: u.id, username: u.username, fullName: u.username, role: 'bendahara', regionCode: KEL(k) };
      bendahara.set(k, by);
    }
    const plan = plans.get(k)!;
    const answer = await t.app.get(SpendingService).record(by, { planLineId: plan.lineIds[line], date, amount, description: 'Belanja uji', payee, evidenceNo });
    return answer.body.id;
  }

  async function flags(user: TestUser, query: string): Promise<FlagView[]> {
    const res = await t.http().get(`/api/flags?year=${YEAR}&pageSize=500&${query}`).set(bearer(user));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items;
  }

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT_IP: '1000000', LOGIN_RATE_LIMIT_USERNAME: '1000000' });
    await importKabkota(t, '35.73');
    admin = await createUser(t, 'admin', '35.73');
    camat = await createUser(t, 'camat', '35.73.01');
    camatOther = await createUser(t, 'camat', '35.73.02');
    auditor = await createUser(t, 'auditor', '35.73');
    lurah9 = await createUser(t, 'lurah', KEL(9));

    // Kelurahan 1–8 of Blimbing: normal plans; 7 adds a festival, 8 pays three times the going rate for meals.
    for (let k = 1; k <= 8; k++) {
      const extra: PlanLineInput[] = k === 7
        ? [{ category: 'pemberdayaan', subType: 'B2', description: 'Festival seni budaya dan karnaval', accountCode: '5.1.02.02.01.0003', volume: 1, unit: 'PAKET', unitPrice: 20_000_000 }]
        : [];
      plans.set(k, await createApprovedPlan(t, { kelurahanCode: KEL(k), year: YEAR, lines: linesFor(k, extra, k === 8 ? 95_000 : undefined) }));
    }
    // Normal spending: on schedule, one payee and one receipt number per purchase.
    for (let k = 1; k <= 8; k++) {
      if (k === 6) continue;
      ids[`normal${k}`] = [
        await book(k, 0, D('03-15'), 30_000_000, `CV Karya ${k}A`, `KW/${k}/001`),
        await book(k, 0, D('06-15'), 30_000_000, `CV Karya ${k}B`, `KW/${k}/002`),
        await book(k, 0, D('09-10'), 20_000_000, `CV Karya ${k}C`, `KW/${k}/003`),
        await book(k, 1, D('04-20'), 1_900_000, 'Warung Bu Sri', `KW/${k}/004`),
      ];
    }
    // 6 lags: one small payment all year.
    ids.lag = [await book(6, 0, D('03-15'), 5_000_000, 'CV Karya 6A', 'KW/6/001')];
    // 4 splits: three purchases from one shop within nine days, each under Rp 2 juta, together Rp 4,5 juta.
    ids.split = [
      await book(4, 2, D('08-01'), 1_500_000, 'Toko Bangunan Sinar', 'KW/4/101'),
      await book(4, 2, D('08-05'), 1_800_000, 'Toko Bangunan Sinar', 'KW/4/102'),
      await book(4, 2, D('08-09'), 1_200_000, 'toko bangunan sinar ', 'KW/4/103'),
    ];
    // 5 pays the same payee the same amount on the same day under two receipt numbers (a nomor bukti itself can be
    // booked only once per kelurahan and year, so that is how a fictitious second receipt shows).
    ids.dup = [
      await book(5, 2, D('05-02'), 2_500_000, 'Toko Abadi', 'KW/2025/017'),
      await book(5, 2, D('05-02'), 2_500_000, 'toko abadi ', 'KW/2025/018'),
    ];
    // A reversed entry is no longer a duplicate: a mistake booked twice and undone.
    const twice = await book(3, 2, D('05-05'), 700_000, 'Toko Abadi', 'KW/3/555');
    const again = await book(3, 2, D('05-05'), 700_000, 'Toko Abadi', 'KW/3/556');
    await t.app.get(SpendingService).reverse(bendahara.get(3)!, again, { reason: 'Tercatat dua kali' });
    ids.reversed = [twice, again];
  }, 240_000);

  afterAll(async () => {
    await t?.close();
  });

  it('flags every planted anomaly and nothing in the normal data', async () => {
    const all = await flags(auditor, 'region=35.73');
    const summary = all.map((f) => `${f.regionCode} ${f.kind}`).sort();
    expect(summary).toEqual([
      `${KEL(4)} SPLIT_PURCHASE`,
      `${KEL(5)} DUPLICATE_RECEIPT`,
      `${KEL(6)} ABSORPTION_LAG`,
      `${KEL(7)} QUESTIONABLE_USE`,
      `${KEL(8)} PRICE_OUTLIER`,
    ]);
    expect(all.every((f) => f.status === 'open')).toBe(true);

    const byKind = Object.fromEntries(all.map((f) => [f.kind, f]));
    const outlier = byKind.PRICE_OUTLIER;
    expect(outlier.planLineId).toBe(plans.get(8)!.lineIds[1]);
    expect(outlier.details).toMatchObject({ unitPrice: 95_000, groupSize: 8, percentile: 1, median: 32_250, threshold: 3.5 });
    expect(outlier.message).toContain('Makan minum rapat LPM');

    const use = byKind.QUESTIONABLE_USE;
    expect(use.planLineId).toBe(plans.get(7)!.lineIds[3]);
    expect(use.details).toMatchObject({ rule: 'festival-karnaval', basis: 'local-policy-example' });
    expect(String(use.details.citation)).toContain('Permendagri 130/2018');

    const split = byKind.SPLIT_PURCHASE;
    expect(split.details).toMatchObject({ threshold: 2_000_000, total: 4_500_000, count: 3, from: D('08-01'), to: D('08-09') });
    expect([...(split.details.spendingIds as string[])].sort()).toEqual([...ids.split].sort());

    const dup = byKind.DUPLICATE_RECEIPT;
    expect(dup.details.spendingIds).toEqual(ids.dup);
    expect(dup.spendingId).toBe(ids.dup[1]);

    const lag = byKind.ABSORPTION_LAG;
    expect(lag.planId).toBe(plans.get(6)!.planId);
    expect(lag.details.realised).toBe(5_000_000);
  });

  it('filters by kind and region, and the camat sees only the kecamatan', async () => {
    expect((await flags(auditor, 'region=35.73&kind=SPLIT_PURCHASE')).map((f) => f.regionCode)).toEqual([KEL(4)]);
    expect(await flags(auditor, `region=${KEL(1)}`)).toEqual([]);
    expect((await flags(camat, '')).length).toBe(5);
    expect(await flags(camatOther, '')).toEqual([]);
    const res = await t.http().get(`/api/flags?year=${YEAR}&region=35.73.01`).set(bearer(camatOther));
    expect(res.status).toBe(404);
    const bad = await t.http().get(`/api/flags?year=${YEAR}&kind=LEM_AIBON`).set(bearer(auditor));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('kind');
  });

  it('lists the lagging kelurahan as at risk, with the tahap rule and the month plan', async () => {
    const res = await t.http().get(`/api/flags/absorption?year=${YEAR}&region=35.73.01&atRisk=true`).set(bearer(camat));
    expect(res.status).toBe(200);
    expect(res.body.map((r: { kelurahanCode: string }) => r.kelurahanCode)).toEqual([KEL(6)]);
    const [row] = res.body;
    expect(row.tahap).toMatchObject({ name: 'III', dueMonth: 10, realised: 5_000_000 });
    expect(row.tahap.required).toBe(Math.ceil(0.5 * 0.8 * row.budget));
    expect(row.monthPlan).toMatchObject({ throughMonth: 12, planned: row.budget, realised: 5_000_000 });
    const everyone = await t.http().get(`/api/flags/absorption?year=${YEAR}&region=35.73.01`).set(bearer(camat));
    expect(everyone.body).toHaveLength(8);
  });

  it('ranks kelurahan by a score explained by its parts', async () => {
    const res = await t.http().get(`/api/flags/risk?year=${YEAR}&region=35.73.01`).set(bearer(auditor));
    expect(res.status).toBe(200);
    const rows = res.body as Array<{ rank: number; kelurahanCode: string; score: number; parts: Array<{ part: string; points: number; available: boolean }> }>;
    expect(rows.length).toBe(11); // every kelurahan of Blimbing, with or without a plan
    // Open flags and absorption lag; the books' parts (evidence, month closes) are exercised in flags-risk.e2e-spec.ts.
    const flagPoints = Object.fromEntries(rows.map((r) => [r.kelurahanCode, r.parts.filter((p) => p.part === 'openFlags' || p.part === 'absorptionLag').reduce((s, p) => s + p.points, 0)]));
    expect(flagPoints[KEL(5)]).toBe(5);
    expect(flagPoints[KEL(4)]).toBe(4);
    expect(flagPoints[KEL(7)]).toBe(4);
    expect(flagPoints[KEL(8)]).toBe(3);
    expect(flagPoints[KEL(6)]).toBeGreaterThan(5);
    for (const k of [1, 2, 3, 10, 11]) expect(flagPoints[KEL(k)]).toBe(0);
    for (const r of rows) {
      expect(r.score).toBeCloseTo(r.parts.reduce((s, p) => s + p.points, 0), 2);
      expect(r.parts.map((p) => p.part)).toEqual(['openFlags', 'absorptionLag', 'missingEvidence', 'lateMonthClose']);
    }
    // Without a plan nothing is booked: the books' parts say so and count nothing.
    const none = rows.find((r) => r.kelurahanCode === KEL(10))!;
    expect(none.score).toBe(0);
    expect(none.parts.filter((p) => !p.available).map((p) => p.part)).toEqual(['absorptionLag', 'missingEvidence', 'lateMonthClose']);
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((r) => r.score)).toEqual([...rows.map((r) => r.score)].sort((a, b) => b - a));
  });

  it('the camat resolves a flag with a note, audited; it drops out of the open list and the risk score', async () => {
    const [dup] = await flags(camat, 'kind=DUPLICATE_RECEIPT');
    const empty = await t.http().post(`/api/flags/${dup.id}/resolve`).set(bearer(camat)).send({ note: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.details[0].field).toBe('note');
    const other = await t.http().post(`/api/flags/${dup.id}/resolve`).set(bearer(camatOther)).send({ note: 'x' });
    expect(other.status).toBe(404);
    const missing = await t.http().post(`/api/flags/${KEL(5)}-${YEAR}-0000000000000000/resolve`).set(bearer(camat)).send({ note: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('FLAG_NOT_FOUND');

    const res = await t.http().post(`/api/flags/${dup.id}/resolve`).set(bearer(camat)).send({ note: 'Nomor bukti salah ketik; bukti asli diperiksa' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: dup.id, status: 'resolved', resolutionNote: 'Nomor bukti salah ketik; bukti asli diperiksa' });
    const [event] = await t.db.query(`SELECT action, region_code, reason, actor_id FROM audit_event WHERE entity = 'flag' AND entity_id = $1`, [dup.id]);
    expect(event).toMatchObject({ action: 'flag.resolve', region_code: KEL(5), reason: 'Nomor bukti salah ketik; bukti asli diperiksa', actor_id: camat.id });

    const again = await t.http().post(`/api/flags/${dup.id}/resolve`).set(bearer(camat)).send({ note: 'lagi' });
    expect(again.status).toBe(409);
    expect((await flags(camat, 'status=open')).map((f) => f.kind)).not.toContain('DUPLICATE_RECEIPT');
    expect((await flags(camat, 'status=resolved')).map((f) => f.id)).toEqual([dup.id]);
    const risk = await t.http().get(`/api/flags/risk?year=${YEAR}&region=35.73.01`).set(bearer(auditor));
    const five = risk.body.find((r: { kelurahanCode: string }) => r.kelurahanCode === KEL(5));
    expect(five.parts.find((p: { part: string }) => p.part === 'openFlags')).toMatchObject({ points: 0, explanation: 'tidak ada peringatan terbuka' });
  });

  it('gives the auditor an XLSX of the flags', async () => {
    const res = await t.http().get(`/api/flags/export.xlsx?year=${YEAR}&region=35.73`).set(bearer(auditor)).buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.getWorksheet('Peringatan')!;
    expect(ws.rowCount).toBe(6);
    const kinds = [2, 3, 4, 5, 6].map((r) => String(ws.getRow(r).getCell(3).value)).sort();
    expect(kinds).toEqual(['ABSORPTION_LAG', 'DUPLICATE_RECEIPT', 'PRICE_OUTLIER', 'QUESTIONABLE_USE', 'SPLIT_PURCHASE']);
    // The workbook says each kind and status in the same words as the pages.
    for (const r of [2, 3, 4, 5, 6]) {
      const row = ws.getRow(r);
      expect(String(row.getCell(4).value)).toBe(FLAG_KIND_LABEL[String(row.getCell(3).value) as keyof typeof FLAG_KIND_LABEL]);
      expect(Object.values(FLAG_STATUS_LABEL)).toContain(String(row.getCell(6).value));
    }
    expect(String(ws.getRow(1).getCell(1).value)).toBe('Kode Wilayah');
    const names = [2, 3, 4, 5, 6].map((r) => String(ws.getRow(r).getCell(2).value));
    expect(names).toContain('Purwodadi');
  });

  it('standard prices: a hard ceiling blocks the submission naming the line; above an estimate the lurah gives a reason before submitting', async () => {
    const csv = 'code,description,unit,price,kind\n1.1.7.01.01.001,Semen Portland 50 kg,buah,80000,ceiling\n1.1.7.02.01.004,Cat tembok 5 kg,BUAH,150000,estimate\n';
    const bad = await t.http().post(`/api/flags/standard-prices?kabkota=35.73&year=${YEAR}`).set(bearer(admin)).set('Content-Type', 'text/csv')
      .send('code,description,unit,price,kind\nX1,Semen,BUAH,80.000,ceiling\n');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('row 2: price');
    expect(Number((await t.db.query('SELECT count(*) AS n FROM standard_price'))[0].n)).toBe(0);

    const imported = await t.http().post(`/api/flags/standard-prices?kabkota=35.73&year=${YEAR}`).set(bearer(admin)).set('Content-Type', 'text/csv').send(csv);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ items: 2, ceilings: 1, estimates: 1, replaced: 0 });
    // The normal plans stay at or under the ceiling: no new flag.
    expect((await flags(auditor, 'region=35.73&status=open')).map((f) => f.kind).sort()).toEqual(['ABSORPTION_LAG', 'PRICE_OUTLIER', 'QUESTIONABLE_USE', 'SPLIT_PURCHASE']);

    const draft = await createPlanInState(t, 'draft', {
      kelurahanCode: KEL(9), year: YEAR, lurah: { ...lurah9, role: 'lurah', regionCode: KEL(9) },
      lines: [
        { category: 'sarpras', subType: 'A1', description: 'Pemeliharaan saluran', accountCode: '5.2.04.01.01.0002', volume: 1, unit: 'PAKET', unitPrice: 10_000_000 },
        { category: 'sarpras', subType: 'A1', description: 'Semen  portland 50 KG', accountCode: '5.1.02.01.01.0024', volume: 10, unit: 'BUAH', unitPrice: 95_000 },
        { category: 'sarpras', subType: 'A1', description: 'Cat tembok 5 kg', accountCode: '5.1.02.01.01.0031', volume: 10, unit: 'BUAH', unitPrice: 170_000 },
      ],
    });
    const semen = draft.lineIds[1];
    const refused = await t.http().post(`/api/plans/${draft.planId}/submit`).set(bearer(lurah9));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('PRICE_ABOVE_CEILING');
    expect(refused.body.message).toContain('Semen  portland 50 KG');
    expect(refused.body.message).toContain('Rp 80.000');
    expect(refused.body.details).toEqual([expect.objectContaining({ lineId: semen, ceiling: 80_000, unitPrice: 95_000, standardCode: '1.1.7.01.01.001' })]);
    expect((await t.http().get(`/api/plans/${draft.planId}`).set(bearer(lurah9))).body.status).toBe('draft');

    const mine = await flags(lurah9, '');
    expect(mine.map((f) => f.kind).sort()).toEqual(['PRICE_ABOVE_CEILING', 'PRICE_ABOVE_ESTIMATE']);

    const fix = await t.http().patch(`/api/plans/${draft.planId}/lines/${semen}`).set(bearer(lurah9)).send({ unitPrice: 80_000 });
    expect(fix.status).toBe(200);
    // Above the estimate, the line needs the lurah's reason before the plan goes to the camat.
    const [estimate] = await flags(lurah9, '');
    expect(estimate).toMatchObject({ kind: 'PRICE_ABOVE_ESTIMATE', planLineId: draft.lineIds[2], status: 'open' });
    expect(estimate.details).toMatchObject({ standardPrice: 150_000, unitPrice: 170_000, excess: 20_000 });
    const unexplained = await t.http().post(`/api/plans/${draft.planId}/submit`).set(bearer(lurah9));
    expect(unexplained.status).toBe(422);
    expect(unexplained.body.code).toBe('PRICE_ESTIMATE_REASON_REQUIRED');
    expect(unexplained.body.message).toContain('Cat tembok 5 kg');
    expect(unexplained.body.details).toEqual([expect.objectContaining({ field: 'lines', lineId: draft.lineIds[2], estimate: 150_000, flagId: estimate.id })]);
    expect((await t.http().get(`/api/plans/${draft.planId}`).set(bearer(lurah9))).body.status).toBe('draft');

    const why = await t.http().post(`/api/flags/${estimate.id}/explain`).set(bearer(lurah9)).send({ reason: 'Cat eksterior tahan cuaca, tiga penawaran terlampir' });
    expect(why.status).toBe(200);
    expect(why.body).toMatchObject({ status: 'explained', reason: 'Cat eksterior tahan cuaca, tiga penawaran terlampir' });
    const ok = await t.http().post(`/api/plans/${draft.planId}/submit`).set(bearer(lurah9));
    expect(ok.status).toBe(200);
    expect((await flags(camat, `region=${KEL(9)}`))[0]).toMatchObject({ status: 'explained', reason: 'Cat eksterior tahan cuaca, tiga penawaran terlampir' });
  });
});
