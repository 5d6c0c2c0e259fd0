import { canonicalJson, modelFingerprint } from './fingerprint';
import { compareAccountCode } from './model-common';
import {
  buildAggregateRealisasiModel,
  buildKelurahanRealisasiModel,
  buildRealisasiReportModel,
} from './realisasi-report.model';
import { footer, kecamatanInput, kelurahanInput, KOTA_MALANG, JAWA_TIMUR } from './report.fixtures';

describe('kelurahan realisasi model', () => {
  const model = buildKelurahanRealisasiModel(kelurahanInput());

  it('names the region, period, program and kegiatan', () => {
    expect(model.kind).toBe('realisasi');
    expect(model.level).toBe('kelurahan');
    expect(model.periodLabel).toBe('Triwulan II Tahun Anggaran 2026');
    expect(model.regionTitle).toBe('KELURAHAN ORO-ORO DOWO KECAMATAN KLOJEN');
    expect(model.titleLines).toEqual([
      'LAPORAN REALISASI PENGGUNAAN DANA KELURAHAN',
      'KELURAHAN ORO-ORO DOWO KECAMATAN KLOJEN',
      'TRIWULAN II TAHUN ANGGARAN 2026',
    ]);
    expect(model.programKegiatan.program.code).toBe('7.01.03');
    expect(model.programKegiatan.kegiatan.code).toBe('7.01.03.2.02');
    expect(model.region.kabkota).toEqual(KOTA_MALANG);
  });

  it('groups lines by sub-kegiatan, sorted by kode rekening then uraian', () => {
    expect(model.groups.map((g) => [g.letter, g.subKegiatan.code, g.subKegiatan.name])).toEqual([
      ['A', '7.01.03.2.02.0002', 'Pembangunan Sarana dan Prasarana Kelurahan'],
      ['B', '7.01.03.2.02.0003', 'Pemberdayaan Masyarakat di Kelurahan'],
    ]);
    expect(model.groups[0].lines.map((l) => [l.no, l.lineId, l.accountCode])).toEqual([
      [1, '13', '5.1.02.01.01.0024'], // "Pengadaan …" before "Saluran …" under the same code
      [2, '12', '5.1.02.01.01.0024'],
      [3, '11', '5.1.02.01.01.0052'],
    ]);
    expect(model.groups[1].lines.map((l) => l.lineId)).toEqual(['22', '21']);
  });

  it('derives to-date, sisa and % per line, with a fractional volume kept', () => {
    const drainase = model.groups[0].lines[1];
    expect(drainase).toMatchObject({
      volume: 12.5,
      unit: 'm',
      budget: 100_000_000,
      realizedBefore: 0,
      realizedInPeriod: 33_333_333,
      realizedToDate: 33_333_333,
      remaining: 66_666_667,
      percent: 33.33,
    });
    expect(model.groups[0].lines[0].percent).toBe(66.67); // 2/3 rounds up
    expect(model.groups[0].lines[2]).toMatchObject({ realizedToDate: 75_000_000, remaining: 75_000_000, percent: 50 });
  });

  it('prints 0 % for a zero budget, never 100 % or NaN', () => {
    expect(model.groups[1].lines[0]).toMatchObject({ budget: 0, realizedToDate: 0, remaining: 0, percent: 0 });
  });

  it('sums subtotals per sub-kegiatan and the grand total exactly', () => {
    expect(model.groups[0].subtotal).toEqual({
      budget: 253_000_000,
      realizedBefore: 50_000_000,
      realizedInPeriod: 60_333_333,
      realizedToDate: 110_333_333,
      remaining: 142_666_667,
      percent: 43.61,
    });
    expect(model.groups[1].subtotal).toEqual({
      budget: 40_000_000,
      realizedBefore: 10_000_000,
      realizedInPeriod: 0,
      realizedToDate: 10_000_000,
      remaining: 30_000_000,
      percent: 25,
    });
    expect(model.total).toEqual({
      budget: 293_000_000,
      realizedBefore: 60_000_000,
      realizedInPeriod: 60_333_333,
      realizedToDate: 120_333_333,
      remaining: 172_666_667,
      percent: 41.07,
    });
    expect(model.allocation).toBe(400_000_000);
    expect(model.plannedOfAllocationPercent).toBe(73.25);
    expect(model.realizedOfAllocationPercent).toBe(30.08);
  });

  it('carries per-category totals equal to the group subtotals', () => {
    expect(model.hasCategorySplit).toBe(true);
    expect(model.byCategory.map((c) => [c.category, c.budget, c.realizedToDate, c.percent])).toEqual([
      ['sarpras', 253_000_000, 110_333_333, 43.61],
      ['pemberdayaan', 40_000_000, 10_000_000, 25],
    ]);
  });

  it('spells the realisasi to date in words', () => {
    expect(model.totalInWords).toBe(
      'Seratus dua puluh juta tiga ratus tiga puluh tiga ribu tiga ratus tiga puluh tiga rupiah',
    );
  });

  it('rounds percentages half away from zero to two decimals', () => {
    const m = buildKelurahanRealisasiModel(
      kelurahanInput({
        lines: [
          {
            lineId: 1,
            category: 'sarpras',
            subType: 'A1',
            accountCode: '5.1.02',
            description: 'x',
            volume: 1,
            unit: 'paket',
            budget: 800_000,
            realizedBefore: 1_000,
            realizedInPeriod: 0,
          },
        ],
      }),
    );
    expect(m.groups[0].lines[0].percent).toBe(0.13); // 0.125 exactly
  });

  it('shows an overspent line with a negative sisa and more than 100 %', () => {
    const m = buildKelurahanRealisasiModel(
      kelurahanInput({
        lines: [
          {
            lineId: 1,
            category: 'pemberdayaan',
            subType: 'B1',
            accountCode: '5.1.02',
            description: 'x',
            volume: 1,
            unit: 'paket',
            budget: 1_000_000,
            realizedBefore: 900_000,
            realizedInPeriod: 200_000,
          },
        ],
      }),
    );
    expect(m.groups[1].lines[0]).toMatchObject({ realizedToDate: 1_100_000, remaining: -100_000, percent: 110 });
  });

  it('turns empty input into a report of zeros with both sub-kegiatan', () => {
    const m = buildKelurahanRealisasiModel(kelurahanInput({ lines: [], allocation: 0 }));
    const zeros = { budget: 0, realizedBefore: 0, realizedInPeriod: 0, realizedToDate: 0, remaining: 0, percent: 0 };
    expect(m.groups).toHaveLength(2);
    expect(m.groups.every((g) => g.lines.length === 0)).toBe(true);
    expect(m.groups.map((g) => g.subtotal)).toEqual([zeros, zeros]);
    expect(m.total).toEqual(zeros);
    expect(m.plannedOfAllocationPercent).toBe(0);
    expect(m.totalInWords).toBe('Nol rupiah');
  });

  it('refuses money that is not a whole rupiah and unknown categories', () => {
    const line = kelurahanInput().lines[0];
    expect(() => buildKelurahanRealisasiModel(kelurahanInput({ lines: [{ ...line, budget: 1.5 }] }))).toThrow(
      /lines\[0\]\.budget must be a whole rupiah/,
    );
    expect(() =>
      buildKelurahanRealisasiModel(kelurahanInput({ lines: [{ ...line, realizedInPeriod: '5' as unknown as number }] })),
    ).toThrow(RangeError);
    expect(() =>
      buildKelurahanRealisasiModel(kelurahanInput({ lines: [{ ...line, category: 'operasional' as never }] })),
    ).toThrow(/category/);
    expect(() => buildKelurahanRealisasiModel(kelurahanInput({ allocation: Number.NaN }))).toThrow(/allocation/);
  });

  it('requires the kecamatan and kab/kota of a kelurahan', () => {
    expect(() =>
      buildKelurahanRealisasiModel(kelurahanInput({ region: { level: 'kelurahan', kelurahan: KOTA_MALANG } })),
    ).toThrow(/region\.kecamatan/);
  });

  it('formats the signature block data', () => {
    expect(model.signature.placeDateLine).toBe('Malang, 3 Juli 2026');
    expect(model.signature.signatories.map((s) => [s.role, s.nipFormatted, s.rank])).toEqual([
      ['camat', '19720515 199803 1 004', 'Pembina Tingkat I (IV/b)'],
      ['lurah', '19840929 201001 2 006', 'Penata Tingkat I (III/d)'],
    ]);
  });

  it('is plain JSON (it crosses a worker-thread boundary)', () => {
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(model.document.issuedAt).toBe('2026-07-03T02:15:00.000Z');
  });
});

describe('aggregate realisasi model', () => {
  const model = buildAggregateRealisasiModel(kecamatanInput());

  it('has one row per child, in code order, with sisa = anggaran − realisasi', () => {
    expect(model.level).toBe('kecamatan');
    expect(model.childLevel).toBe('kelurahan');
    expect(model.regionTitle).toBe('KECAMATAN KLOJEN');
    expect(model.periodLabel).toBe('Semester I Tahun Anggaran 2026');
    expect(model.rows.map((r) => [r.no, r.code, r.name, r.realizedToDate, r.remaining, r.percent])).toEqual([
      [1, '35.73.02.1001', 'Klojen', 175_000_000, 175_000_000, 50],
      [2, '35.73.02.1003', 'Kauman', 0, 0, 0],
      [3, '35.73.02.1005', 'Oro-oro Dowo', 120_333_333, 172_666_667, 41.07],
    ]);
  });

  it('totals pagu, anggaran and realisasi exactly', () => {
    expect(model.total).toEqual({
      allocation: 1_050_000_000,
      planned: 643_000_000,
      realizedBefore: 160_000_000,
      realizedInPeriod: 135_333_333,
      realizedToDate: 295_333_333,
      remaining: 347_666_667,
      percent: 45.93,
    });
    expect(model.totalInWords).toBe(
      'Dua ratus sembilan puluh lima juta tiga ratus tiga puluh tiga ribu tiga ratus tiga puluh tiga rupiah',
    );
  });

  it('sums the per-category split over rows that carry one', () => {
    expect(model.hasCategorySplit).toBe(true);
    expect(model.byCategory).toEqual([
      expect.objectContaining({
        category: 'sarpras',
        budget: 503_000_000,
        realizedBefore: 130_000_000,
        realizedInPeriod: 130_333_333,
        realizedToDate: 260_333_333,
        remaining: 242_666_667,
        percent: 51.76,
      }),
      expect.objectContaining({
        category: 'pemberdayaan',
        budget: 140_000_000,
        realizedToDate: 35_000_000,
        remaining: 105_000_000,
        percent: 25,
      }),
    ]);
  });

  it('marks a report without any category split', () => {
    const rows = kecamatanInput().rows.map(({ byCategory: _omit, ...r }) => r);
    const m = buildAggregateRealisasiModel(kecamatanInput({ rows }));
    expect(m.hasCategorySplit).toBe(false);
    expect(m.byCategory.map((c) => c.budget)).toEqual([0, 0]);
  });

  it('turns no rows into zeros', () => {
    const m = buildAggregateRealisasiModel(kecamatanInput({ rows: [] }));
    expect(m.rows).toEqual([]);
    expect(m.total).toEqual({
      allocation: 0,
      planned: 0,
      realizedBefore: 0,
      realizedInPeriod: 0,
      realizedToDate: 0,
      remaining: 0,
      percent: 0,
    });
    expect(m.totalInWords).toBe('Nol rupiah');
  });

  it('names kab/kota and provinsi reports and their child level', () => {
    const kota = buildAggregateRealisasiModel(
      kecamatanInput({ region: { level: 'kabkota', kabkota: KOTA_MALANG, provinsi: JAWA_TIMUR }, period: 'FY' }),
    );
    expect([kota.regionTitle, kota.childLevel, kota.periodLabel]).toEqual(['KOTA MALANG', 'kecamatan', 'Tahun Anggaran 2026']);
    const prov = buildAggregateRealisasiModel(kecamatanInput({ region: { level: 'provinsi', provinsi: JAWA_TIMUR } }));
    expect([prov.regionTitle, prov.childLevel]).toEqual(['PROVINSI JAWA TIMUR', 'kabkota']);
  });

  it('dispatches on the input shape', () => {
    expect(buildRealisasiReportModel(kecamatanInput()).level).toBe('kecamatan');
    expect(buildRealisasiReportModel(kelurahanInput()).level).toBe('kelurahan');
  });
});

describe('fingerprint', () => {
  it('is the SHA-256 of the canonical figures and is printed by default', () => {
    const m = buildKelurahanRealisasiModel(kelurahanInput());
    expect(m.document.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.document.dataSha256).toBe(modelFingerprint(m));
  });

  it('ignores wording and registry data, so the same figures issued twice hash alike', () => {
    const a = buildKelurahanRealisasiModel(kelurahanInput());
    const b = buildKelurahanRealisasiModel(
      kelurahanInput({ document: { ...footer('OTHER/1'), issuedAt: '2027-01-01T00:00:00Z' } }),
    );
    expect(modelFingerprint(b)).toBe(modelFingerprint(a));
    expect(canonicalJson(a)).not.toContain('OTHER/1');
  });

  it('changes when one rupiah changes', () => {
    const lines = kelurahanInput().lines.map((l, i) => (i === 0 ? { ...l, realizedInPeriod: l.realizedInPeriod + 1 } : l));
    const a = buildKelurahanRealisasiModel(kelurahanInput());
    const b = buildKelurahanRealisasiModel(kelurahanInput({ lines }));
    expect(modelFingerprint(b)).not.toBe(modelFingerprint(a));
  });

  it('does not depend on the order of the input rows or object keys', () => {
    const a = buildKelurahanRealisasiModel(kelurahanInput());
    const shuffled = [...kelurahanInput().lines].reverse().map((l) => Object.fromEntries(Object.entries(l).reverse()));
    const b = buildKelurahanRealisasiModel(kelurahanInput({ lines: shuffled as never }));
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('writes sorted keys without whitespace', () => {
    const m = buildAggregateRealisasiModel(kecamatanInput({ rows: [] }));
    const json = canonicalJson(m);
    expect(json.startsWith('{"byCategory":[{"budget":0,')).toBe(true);
    expect(json).not.toMatch(/\s(?=["{[])/);
    expect(JSON.parse(json).total.allocation).toBe(0);
  });

  it('keeps a hash supplied by the caller', () => {
    const m = buildKelurahanRealisasiModel(kelurahanInput({ document: { ...footer(), dataSha256: 'ab'.repeat(32) } }));
    expect(m.document.dataSha256).toBe('ab'.repeat(32));
  });
});

describe('kode rekening order', () => {
  it('compares segments as numbers', () => {
    const codes = ['5.1.02.01.01.0100', '5.1.2.1.1.10', '5.1.02.01.01.0024', '5.1.02'];
    expect([...codes].sort(compareAccountCode)).toEqual([
      '5.1.02',
      '5.1.2.1.1.10',
      '5.1.02.01.01.0024',
      '5.1.02.01.01.0100',
    ]);
  });
});
