import { findPhrase, pagesWith, pdfPages, type PdfPage } from '../../../../test/helpers/pdf-layout';
import { buildPlanDocumentModel } from '../model/plan-document.model';
import { buildAggregateRealisasiModel, buildKelurahanRealisasiModel } from '../model/realisasi-report.model';
import { CAMAT, kecamatanInput, KELURAHAN_LINES, kelurahanInput, LURAH, planInput, signature } from '../model/report.fixtures';
import type { AggregateRow, KelurahanLineRow, PlanLineRow } from '../model/report.types';
import { resolveSignatories } from '../signatories';
import { renderPlanPdf, renderRealisasiPdf } from './report-renderer';
import { loadReportTemplate } from './report-template';

// The rules an auditor reads a document by, checked on the printed pages (words and their positions).
const malang = () => loadReportTemplate('35.73');

const kelurahanLines = (n: number): KelurahanLineRow[] =>
  Array.from({ length: n }, (_, i) => ({
    ...KELURAHAN_LINES[i % 4],
    lineId: i + 1,
    accountCode: `5.1.02.01.01.${String(1000 + i).padStart(4, '0')}`,
    description: `Rincian ${String(i + 1).padStart(3, '0')}${i % 5 === 0 ? ' dengan uraian yang cukup panjang sehingga dibungkus' : ''}`,
  }));

/** The page of a phrase, which must occur on exactly one page. */
function onlyPage(pages: PdfPage[], phrase: string): number {
  const found = pagesWith(pages, phrase);
  expect({ phrase, pages: found.length }).toEqual({ phrase, pages: 1 });
  return found[0];
}

/** The signatures share their page with the grand total and at least one row of the table above it. */
function expectSignaturesWithTable(pages: PdfPage[], signer: string, rowPattern: RegExp, total = 'JUMLAH TOTAL'): void {
  const sign = onlyPage(pages, signer);
  expect(pagesWith(pages, total)).toContain(sign);
  const before = pages[sign].text.split(total)[0];
  expect(before).toMatch(rowPattern);
}

describe('signatures never stand alone on a page', () => {
  it('kelurahan realisasi: the last rows, the total, the terbilang and every signature share a page, whatever the length', async () => {
    for (let n = 1; n <= 34; n += 2) {
      const model = buildKelurahanRealisasiModel(kelurahanInput({ period: 'S2', lines: kelurahanLines(n) }));
      const pages = pdfPages(await renderRealisasiPdf(model, malang()));
      expectSignaturesWithTable(pages, LURAH.name, /Rincian \d{3}|tidak ada rincian belanja/);
      const sign = onlyPage(pages, LURAH.name);
      for (const phrase of [CAMAT.name, 'NIP. 19840929 201001 2 006', 'Terbilang realisasi periode ini', 'Terbilang realisasi s.d. periode ini']) {
        expect({ n, phrase, page: onlyPage(pages, phrase) }).toEqual({ n, phrase, page: sign });
      }
    }
  });

  it('kecamatan realisasi: the camat signs on a page with the per-category table', async () => {
    const base = kecamatanInput().rows;
    for (let n = 1; n <= 30; n += 3) {
      const rows: AggregateRow[] = Array.from({ length: n }, (_, i) => ({ ...base[i % 2], code: `35.73.02.${1001 + i}`, name: `Kelurahan ${i + 1}` }));
      const pages = pdfPages(await renderRealisasiPdf(buildAggregateRealisasiModel(kecamatanInput({ rows })), malang()));
      const sign = onlyPage(pages, CAMAT.name);
      expect(pagesWith(pages, 'Rekapitulasi per Sub Kegiatan')).toEqual([sign]);
      expect(pages[sign].text).toMatch(/A 7\.01\.03\.2\.02\.0002 Pembangunan Sarana dan Prasarana Kelurahan [\d.]+/);
    }
  });

  it('plan document: the summary, terbilang, stamp and signature stay with the last rows', async () => {
    for (let n = 2; n <= 40; n += 3) {
      const lines: PlanLineRow[] = Array.from({ length: n }, (_, i) => ({
        ...planInput().lines[i % 3],
        lineId: i + 1,
        description: `Rencana ${String(i + 1).padStart(3, '0')}`,
      }));
      const pages = pdfPages(await renderPlanPdf(buildPlanDocumentModel(planInput({ lines })), malang()));
      expectSignaturesWithTable(pages, LURAH.name, /Rencana \d{3}/);
      const sign = onlyPage(pages, LURAH.name);
      for (const phrase of ['DISETUJUI', 'Sisa pagu belum direncanakan', 'Terbilang jumlah rencana kegiatan']) {
        expect({ n, phrase, page: onlyPage(pages, phrase) }).toEqual({ n, phrase, page: sign });
      }
    }
  });
});

describe('negatives in brackets', () => {
  it('prints an overspent line, its subtotal and the total remaining as (2.045.000)', async () => {
    const lines = [{ ...KELURAHAN_LINES[1], budget: 10_000_000, realizedBefore: 2_045_000, realizedInPeriod: 10_000_000 }];
    const model = buildKelurahanRealisasiModel(kelurahanInput({ lines }));
    const text = pdfPages(await renderRealisasiPdf(model, malang()))
      .map((p) => p.text)
      .join(' ');
    expect(text).toContain('Saluran drainase RW 02 12,5 m 10.000.000 2.045.000 10.000.000 12.045.000 (2.045.000) 120,45');
    expect(text).toContain('JUMLAH TOTAL 10.000.000 2.045.000 10.000.000 12.045.000 (2.045.000)');
    expect(text).not.toMatch(/-2\.045\.000/);
  });

  it('prints a plan over its pagu with the unplanned remainder in brackets', async () => {
    const model = buildPlanDocumentModel(planInput({ allocation: 287_955_000 }));
    const text = pdfPages(await renderPlanPdf(model, malang()))
      .map((p) => p.text)
      .join(' ');
    expect(text).toContain('Sisa pagu belum direncanakan : (Rp 2.045.000)');
    expect(text).not.toContain('-Rp');
  });
});

describe('labels, not codes', () => {
  it('prints unit labels whole on one line in the plan and the funding source of each line', async () => {
    const lines: PlanLineRow[] = [
      { ...planInput().lines[2], unit: 'ORANG_KALI', volume: 100, fundingSource: 'DAU_SG' },
      { ...planInput().lines[0], fundingSource: 'APBD' },
    ];
    const [page] = pdfPages(await renderPlanPdf(buildPlanDocumentModel(planInput({ lines })), malang()));
    expect(page.text).toContain('Pelatihan kader PKK DAU SG 100 Orang/Kali 1.000.000 40.000.000');
    expect(page.text).not.toMatch(/ORANG_KALI|sarpras|pemberdayaan/);
    const unit = findPhrase(page, 'Orang/Kali')!;
    const volume = page.words.find((w) => w.text === '100' && Math.abs(w.y - unit.y) < 2);
    expect(volume).toBeDefined();
  });
});

describe('the amendment (perubahan)', () => {
  const previous = {
    version: 1,
    lines: [
      { ...planInput().lines[0], amount: 180_000_000, volume: 144 }, // reduced in v2 to 150.000.000
      { ...planInput().lines[1] }, // unchanged
      { ...planInput().lines[2], lineId: 99, description: 'Lomba kebersihan RW', amount: 5_000_000, unitPrice: 5_000_000, volume: 1, unit: 'PAKET' },
    ],
  };
  const model = buildPlanDocumentModel(
    planInput({ lines: planInput().lines, previous, status: 'approved' }),
  );

  it('is titled PERUBAHAN and prints semula beside menjadi, with the difference in brackets when reduced', async () => {
    const pages = pdfPages(await renderPlanPdf(model, malang()));
    const text = pages.map((p) => p.text).join(' ');
    expect(text).toContain('RENCANA KEGIATAN DAN ANGGARAN KELURAHAN PERUBAHAN');
    expect(text).toContain('Pembangunan jalan paving Lokasi: RT 03 RW 05 144 m² 1.250.000 180.000.000 120 m² 1.250.000 150.000.000 (30.000.000)');
    expect(text).toContain('Lomba kebersihan RW (dihapus) 1 Paket 5.000.000 5.000.000 (5.000.000)');
    expect(text).toContain('Pelatihan kader PKK (baris baru) 40 orang 1.000.000 40.000.000 40.000.000');
    expect(text).toContain('JUMLAH TOTAL 285.000.000 290.000.000 5.000.000');
    expect(text).toContain('Terbilang bertambah/(berkurang): Lima juta rupiah');

    // Semula heads the columns left of Menjadi, and each line's amounts sit under their own heading.
    const page = pages[0];
    const semula = findPhrase(page, 'Semula')!;
    const menjadi = findPhrase(page, 'Menjadi')!;
    expect(semula.x2).toBeLessThan(menjadi.x);
    const row = page.words.filter((w) => w.text === '180.000.000' || w.text === '150.000.000');
    const before = row.find((w) => w.text === '180.000.000')!;
    const after = row.find((w) => w.text === '150.000.000')!;
    expect(before.x2).toBeLessThan(menjadi.x);
    expect(after.x).toBeGreaterThan(semula.x2);
    expect(Math.abs(before.y - after.y)).toBeLessThan(2);
  });

  it('shows a superseded version as no longer in force, never as DISETUJUI', async () => {
    const old = buildPlanDocumentModel(planInput({ version: 1, status: 'superseded', supersededBy: 2 }));
    const text = pdfPages(await renderPlanPdf(old, malang()))
      .map((p) => p.text)
      .join(' ');
    expect(text).toContain('TIDAK BERLAKU LAGI');
    expect(text).toContain('Digantikan oleh perubahan versi 2');
    expect(text).toContain('Semula disetujui: 10 Februari 2026');
    expect(text).not.toContain('DISETUJUI');
    expect(text).toContain('Status : Digantikan');
  });
});

describe('configured signatories', () => {
  it('prints the kab/kota signatory named in templates/35.73 instead of a blank', async () => {
    const region = { level: 'kabkota' as const, kabkota: { code: '35.73', name: 'Kota Malang' }, provinsi: { code: '35', name: 'Jawa Timur' } };
    const signatories = resolveSignatories(malang(), region, []);
    const model = buildAggregateRealisasiModel(
      kecamatanInput({ region, rows: [{ code: '35.73.02', name: 'Klojen', allocation: 1, planned: 1, realizedBefore: 0, realizedInPeriod: 1 }], signature: signature(signatories) }),
    );
    const text = pdfPages(await renderRealisasiPdf(model, malang()))
      .map((p) => p.text)
      .join(' ');
    expect(text).toContain('Kepala Bagian Pemerintahan Sekretariat Daerah Kota Malang');
    expect(text).toContain('Dra. Retno Wulandari, M.AP NIP. 19710312 199603 2 003 Pembina Utama Muda (IV/c)');
    expect(text).not.toContain('(.........................................)');
  });

  it('lets a Plh sign in the camat’s stead, under "Plh. Camat Klojen"', async () => {
    const template = {
      ...malang(),
      signatories: { '35.73.02': { camat: { deputy: { kind: 'Plh' as const, name: 'Hadi Santoso, S.Sos.', nip: '197801012005011002', rank: 'Penata (III/c)' } } } },
    };
    const input = kelurahanInput();
    const signatories = resolveSignatories(template, input.region, [CAMAT, LURAH]);
    const model = buildKelurahanRealisasiModel({ ...input, signature: signature(signatories) });
    const text = pdfPages(await renderRealisasiPdf(model, template))
      .map((p) => p.text)
      .join(' ');
    expect(text).toContain('Plh. Camat Klojen');
    expect(text).toContain('Hadi Santoso, S.Sos.');
    expect(text).toContain('NIP. 19780101 200501 1 002');
    expect(text).not.toContain(CAMAT.name);
    expect(text).toContain(LURAH.name);
  });
});
