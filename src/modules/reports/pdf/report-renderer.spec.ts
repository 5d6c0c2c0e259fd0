import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as QRCode from 'qrcode';
import { PROJECT_ROOT } from '../../../common/paths';
import { buildPlanDocumentModel } from '../model/plan-document.model';
import { buildAggregateRealisasiModel, buildKelurahanRealisasiModel } from '../model/realisasi-report.model';
import {
  CAMAT,
  footer,
  JAWA_TIMUR,
  kecamatanInput,
  KELURAHAN_LINES,
  kelurahanInput,
  LURAH,
  planInput,
  signature,
} from '../model/report.fixtures';
import type { KelurahanLineRow } from '../model/report.types';
import { pdfText as extractPdfText } from '../../../../test/helpers/pdf-text';
import { pageRaster, pdfPages, qrPayloads } from '../../../../test/helpers/pdf-layout';
import { renderInWorker } from './render-in-worker';
import { renderPlanPdf, renderRealisasiPdf, renderReportPdf } from './report-renderer';
import { clearReportTemplateCache, loadReportTemplate } from './report-template';

interface PdfText {
  total: number;
  pages: string[];
  /** All pages, whitespace collapsed to single spaces, NFC. */
  flat: string;
}

const flatten = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ');

async function pdfText(pdf: Buffer): Promise<PdfText> {
  const { total, pages } = await extractPdfText(pdf);
  return { total, pages, flat: flatten(pages.join('\n')) };
}

const malang = () => loadReportTemplate('35.73');

describe('kelurahan realisasi PDF', () => {
  const model = buildKelurahanRealisasiModel(kelurahanInput());
  let pdf: Buffer;
  let text: PdfText;
  beforeAll(async () => {
    pdf = await renderRealisasiPdf(model, malang());
    text = await pdfText(pdf);
  });

  it('is an A4 landscape PDF', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 841.89 595.28]');
  });

  it('prints the Kota Malang kop, the title block and the identity', () => {
    // The kecamatan's own office, not the kota's.
    expect(text.flat).toContain('PEMERINTAH KOTA MALANG KECAMATAN KLOJEN Jl. Surabaya No. 6, Klojen, Malang 65115');
    expect(text.flat).not.toContain('Jl. Tugu');
    expect(text.flat).toContain(
      'LAPORAN REALISASI PENGGUNAAN DANA KELURAHAN KELURAHAN ORO-ORO DOWO KECAMATAN KLOJEN TRIWULAN II TAHUN ANGGARAN 2026',
    );
    expect(text.flat).toContain('7.01.03 - Program Pemberdayaan Masyarakat Desa dan Kelurahan');
    expect(text.flat).toContain('7.01.03.2.02 - Kegiatan Pemberdayaan Kelurahan');
    expect(text.flat).toContain('Pagu Dana Kelurahan : Rp 400.000.000');
    // The funding sources of the lines, not the template's one-size-fits-all sentence.
    expect(text.flat).toContain('Sumber Dana : APBD Kabupaten/Kota; DAU yang Ditentukan Penggunaannya – Pendanaan Kelurahan');
    expect(text.flat).not.toContain('APBD Kota Malang');
  });

  it('prints the column headers, sub-kegiatan groups and lines with Indonesian numbers', () => {
    for (const header of ['Kode Rekening', 'Uraian', 'Anggaran (Rp)', 'Periode Lalu (Rp)', 'Sisa (Rp)']) {
      expect(text.flat).toContain(header);
    }
    expect(text.flat).toContain('A 7.01.03.2.02.0002 Pembangunan Sarana dan Prasarana Kelurahan');
    expect(text.flat).toContain('B 7.01.03.2.02.0003 Pemberdayaan Masyarakat di Kelurahan');
    expect(text.flat).toContain(
      '2 5.1.02.01.01.0024 Saluran drainase RW 02 12,5 m 100.000.000 0 33.333.333 33.333.333 66.666.667 33,33',
    );
    expect(text.flat).toContain('1 5.1.02.01.01.0025 Makan minum kegiatan Posyandu 0 kotak 0 0 0 0 0 0,00');
    // Unit label, not its code, on one line; the line's own funding source; the location labelled.
    expect(text.flat).toContain('2 5.1.02.01.01.0052 Pelatihan kader PKK 100 Orang/Kali DAU SG 40.000.000');
    expect(text.flat).not.toContain('ORANG_KALI');
    expect(text.flat).toContain('Pembangunan jalan paving RT 03 RW 05 Lokasi: Jl. Kawi Atas RT 03 RW 05 120 m² APBD 150.000.000');
  });

  it('prints subtotals and the grand total, without "Rp" in the cells', () => {
    expect(text.flat).toContain('Jumlah A 253.000.000 50.000.000 60.333.333 110.333.333 142.666.667 43,61');
    expect(text.flat).toContain('Jumlah B 40.000.000 10.000.000 0 10.000.000 30.000.000 25,00');
    expect(text.flat).toContain('JUMLAH TOTAL 293.000.000 60.000.000 60.333.333 120.333.333 172.666.667 41,07');
    expect(text.flat).not.toContain('Rp 293.000.000');
  });

  it('spells out each figure with a label naming it: the realisasi of the period, then the cumulative', () => {
    expect(text.flat).toContain(
      'Terbilang realisasi periode ini: Enam puluh juta tiga ratus tiga puluh tiga ribu tiga ratus tiga puluh tiga rupiah',
    );
    expect(text.flat).toContain(
      'Terbilang realisasi s.d. periode ini: Seratus dua puluh juta tiga ratus tiga puluh tiga ribu tiga ratus tiga puluh tiga rupiah',
    );
  });

  it('signs with the camat (Mengetahui, PA), the bendahara and the lurah (KPA), names and formatted NIPs', () => {
    expect(text.flat).toContain('Mengetahui, Malang, 3 Juli 2026');
    expect(text.flat).toContain('Camat Klojen Bendahara Pengeluaran Pembantu Lurah Oro-oro Dowo');
    expect(text.flat).toContain('(Pengguna Anggaran) Kelurahan Oro-oro Dowo (Kuasa Pengguna Anggaran)');
    expect(text.flat).toContain(`${CAMAT.name} (.........................................) ${LURAH.name}`);
    expect(text.flat).toContain('NIP. 19720515 199803 1 004 NIP. .............................. NIP. 19840929 201001 2 006');
    expect(text.flat).toContain('Pembina Tingkat I (IV/b) Penata Tingkat I (III/d)');
  });

  it('draws the kop logo of templates/35.73', async () => {
    const images = (bytes: Buffer) => (bytes.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length;
    const noLogo = await renderRealisasiPdf(model, loadReportTemplate('35.07'));
    expect(malang().logoPath).toMatch(/templates\/35\.73\/logo\.png$/);
    expect(images(pdf)).toBe(images(noLogo) + 1);
  });

  it('prints a QR code on every page that opens the verification URL, 10 mm clear of the paper edge', () => {
    const pages = pdfPages(pdf);
    pages.forEach((page, i) => {
      expect(qrPayloads(pdf, i)).toEqual([model.document.verifyUrl]);
      // The lowest dark pixel in the right-hand footer corner is the QR code's bottom edge.
      const r = pageRaster(pdf, i, 144);
      const mm = (px: number) => (px / r.dpi) * 25.4;
      let lowest = 0;
      for (let y = Math.floor(r.height * 0.8); y < r.height; y++) {
        for (let x = Math.floor(r.width * 0.85); x < r.width; x++) if (r.at(x, y) < 128) lowest = y;
      }
      expect(lowest).toBeGreaterThan(r.height * 0.8);
      expect(mm(r.height - lowest)).toBeGreaterThanOrEqual(10);
    });
  });

  it('puts the document number, the figures fingerprint and "Halaman x dari y" on every page', () => {
    expect(text.total).toBeGreaterThanOrEqual(1);
    text.pages.forEach((page, i) => {
      const flat = flatten(page);
      expect(flat).toContain(`Halaman ${i + 1} dari ${text.total}`);
      expect(flat).toContain('No. Dokumen: DK/35.73.02.1005/2026/Q2/0007');
      expect(flat).toContain(`Sidik data (SHA-256): ${model.document.dataSha256}`);
    });
  });

  it('gives the same text for the same model', async () => {
    const again = await pdfText(await renderRealisasiPdf(model, malang()));
    expect(again.pages).toEqual(text.pages);
  });
});

describe('long kelurahan report', () => {
  const wrapping = ' dengan uraian panjang yang dibungkus menjadi lebih dari satu baris di kolom uraian';
  const lines: KelurahanLineRow[] = Array.from({ length: 150 }, (_, i) => ({
    ...KELURAHAN_LINES[i % KELURAHAN_LINES.length],
    lineId: i + 1,
    accountCode: `5.1.02.01.01.${String(1000 + i).padStart(4, '0')}`,
    description: `Rincian ${String(i + 1).padStart(3, '0')}${i % 4 === 0 ? wrapping : ''}`,
    budget: 1_000_000 * (i + 1),
    realizedBefore: 10_000 * i,
    realizedInPeriod: 5_000 * i,
  }));
  const model = buildKelurahanRealisasiModel(kelurahanInput({ lines }));
  let text: PdfText;
  beforeAll(async () => {
    text = await pdfText(await renderRealisasiPdf(model, malang()));
  });

  it('runs over several pages, each numbered "Halaman x dari N"', () => {
    expect(text.total).toBeGreaterThanOrEqual(4);
    text.pages.forEach((page, i) => expect(flatten(page)).toContain(`Halaman ${i + 1} dari ${text.total}`));
  });

  it('repeats the table header at the top of every continuation page', () => {
    const tablePages = text.pages.slice(1).filter((p) => /Rincian \d{3}/.test(p));
    expect(tablePages.length).toBeGreaterThanOrEqual(3);
    for (const page of tablePages) {
      expect(flatten(page).startsWith('No Kode Rekening Uraian Volume/ Satuan Sumber Dana Anggaran (Rp)')).toBe(true);
    }
  });

  it('loses and repeats no line', () => {
    const seen = text.flat.match(/Rincian \d{3}/g) ?? [];
    expect(seen).toHaveLength(150);
    expect(new Set(seen).size).toBe(150);
  });

  it('prints the grand total once, at the end of the table', () => {
    const t = model.total;
    const fmt = (n: number) => n.toLocaleString('id-ID');
    const row = `JUMLAH TOTAL ${fmt(t.budget)} ${fmt(t.realizedBefore)} ${fmt(t.realizedInPeriod)} ${fmt(t.realizedToDate)}`;
    expect(text.flat.split(row)).toHaveLength(2);
  });
});

describe('text that flows onto the next page', () => {
  it('gets the footer on both pages without the footer joining the text', async () => {
    // The footer of a page is drawn when pdfkit starts the next one, here in the middle of a continued text run.
    const label = Array.from({ length: 700 }, (_, i) => `kata${i}`).join(' ');
    const template = malang();
    const model = buildKelurahanRealisasiModel(kelurahanInput());
    const withLongLabel = {
      ...template,
      labels: { ...template.labels, terbilangOf: { ...template.labels.terbilangOf, realizedToDate: label } },
    };
    const text = await pdfText(await renderRealisasiPdf(model, withLongLabel));
    expect(text.total).toBeGreaterThanOrEqual(2);
    text.pages.forEach((page, i) => {
      expect(flatten(page)).toContain(`Halaman ${i + 1} dari ${text.total}`);
      expect(flatten(page)).toContain('No. Dokumen: DK/35.73.02.1005/2026/Q2/0007');
    });
    expect(text.flat.match(/kata\d+/g)).toEqual(label.split(' '));
    expect(text.flat).toContain('kata699: Seratus dua puluh juta tiga ratus tiga puluh tiga ribu');
  });
});

describe('aggregate realisasi PDFs', () => {
  it('prints one row per kelurahan, totals, the per-category table and the camat alone', async () => {
    const model = buildAggregateRealisasiModel(kecamatanInput());
    const text = await pdfText(await renderRealisasiPdf(model, malang()));
    expect(text.flat).toContain('LAPORAN REALISASI PENGGUNAAN DANA KELURAHAN KECAMATAN KLOJEN SEMESTER I TAHUN ANGGARAN 2026');
    // The period's own column beside the cumulative, as on the kelurahan report.
    expect(text.flat).toContain(
      'No Kode Nama Kelurahan Pagu (Rp) Anggaran (Rp) Realisasi s.d. Periode Lalu (Rp) Realisasi Periode Ini (Rp) Realisasi s.d. Periode Ini (Rp) Sisa (Rp) % Serapan',
    );
    expect(text.flat).toContain('1 35.73.02.1001 Klojen 350.000.000 350.000.000 100.000.000 75.000.000 175.000.000 175.000.000 50,00');
    expect(text.flat).toContain('3 35.73.02.1005 Oro-oro Dowo 400.000.000 293.000.000 60.000.000 60.333.333 120.333.333 172.666.667 41,07');
    expect(text.flat).toContain('JUMLAH TOTAL 1.050.000.000 643.000.000 160.000.000 135.333.333 295.333.333 347.666.667 45,93');
    expect(text.flat).toContain('Rekapitulasi per Sub Kegiatan');
    expect(text.flat).toContain('A 7.01.03.2.02.0002 Pembangunan Sarana dan Prasarana Kelurahan 503.000.000 260.333.333 242.666.667 51,76');
    // S1 starts in January: the period's realisasi is the cumulative, spelled once.
    expect(text.flat).toContain(
      'Terbilang realisasi s.d. periode ini: Dua ratus sembilan puluh lima juta tiga ratus tiga puluh tiga ribu tiga ratus tiga puluh tiga rupiah',
    );
    expect(text.flat).not.toContain('Terbilang realisasi periode ini');
    expect(text.flat).toContain('Malang, 3 Juli 2026 Camat Klojen (Pengguna Anggaran)');
    expect(text.flat).toContain(`${CAMAT.name} NIP. 19720515 199803 1 004`);
    expect(text.flat).not.toContain('Lurah');
    expect(text.flat).toContain(`Halaman ${text.total} dari ${text.total}`);
  });

  it('uses the default template for a kab/kota without an override and drops the kecamatan kop line', async () => {
    const kab = { code: '35.07', name: 'Kabupaten Malang' };
    const model = buildAggregateRealisasiModel(
      kecamatanInput({
        region: { level: 'kabkota', kabkota: kab, provinsi: JAWA_TIMUR },
        period: 'FY',
        rows: [
          { code: '35.07.01', name: 'Donomulyo', allocation: 0, planned: 0, realizedBefore: 0, realizedInPeriod: 0 },
        ],
        signature: signature([
          { role: 'kabkota', name: 'Ir. Hendra Wijaya, M.T.', nip: '197001011995031001', rank: 'Pembina Utama Muda (IV/c)' },
        ]),
      }),
    );
    const text = await pdfText(await renderRealisasiPdf(model, loadReportTemplate('35.07')));
    expect(text.flat.startsWith('PEMERINTAH KABUPATEN MALANG LAPORAN REALISASI')).toBe(true);
    expect(text.flat).toContain('KABUPATEN MALANG TAHUN ANGGARAN 2026');
    expect(text.flat).toContain('Nama Kecamatan');
    expect(text.flat).not.toContain('Rekapitulasi per Sub Kegiatan');
    expect(text.flat).toContain('Terbilang realisasi s.d. periode ini: Nol rupiah');
    expect(text.flat).toContain('Kepala Bagian Pemerintahan Sekretariat Daerah Kabupaten Malang');
    expect(text.flat).toContain('Ir. Hendra Wijaya, M.T. NIP. 19700101 199503 1 001 Pembina Utama Muda (IV/c)');
  });
});

describe('plan document PDF', () => {
  it('is A4 portrait with lines, totals against the pagu, terbilang, the approval stamp and the lurah', async () => {
    const model = buildPlanDocumentModel(planInput());
    const pdf = await renderPlanPdf(model, malang());
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    const text = await pdfText(pdf);
    expect(text.flat).toContain(
      'RENCANA KEGIATAN DAN ANGGARAN KELURAHAN KELURAHAN ORO-ORO DOWO KECAMATAN KLOJEN TAHUN ANGGARAN 2026',
    );
    expect(text.flat).toContain('Versi : 2 Status : Disetujui');
    expect(text.flat).toContain('1 5.1.02.01.01.0024 A1 Saluran drainase Lokasi: RW 02 12,5 m 8.000.000 100.000.000');
    expect(text.flat).toContain('Jumlah A 250.000.000');
    expect(text.flat).toContain('JUMLAH TOTAL 290.000.000');
    expect(text.flat).toContain('Sisa pagu belum direncanakan : Rp 110.000.000');
    expect(text.flat).toContain('Persentase terhadap pagu : 72,50%');
    expect(text.flat).toContain('Terbilang jumlah rencana kegiatan: Dua ratus sembilan puluh juta rupiah');
    expect(text.flat).toContain('DISETUJUI');
    expect(text.flat).toContain('Tanggal: 10 Februari 2026');
    expect(text.flat).toContain(`Oleh: ${CAMAT.name}`);
    expect(text.flat).toContain('Lurah Oro-oro Dowo');
    expect(text.flat).toContain(`${LURAH.name}`);
    expect(text.flat).toContain('NIP. 19840929 201001 2 006');
    expect(text.flat).toContain('No. Dokumen: DK/35.73.02.1005/2026/RKA/v2');
    expect(text.flat).toContain('Halaman 1 dari 1');
  });

  it('marks a draft as not approved', async () => {
    const model = buildPlanDocumentModel(planInput({ status: 'draft', approval: null }));
    const text = await pdfText(await renderPlanPdf(model, malang()));
    expect(text.flat).toContain('BELUM DISETUJUI');
    expect(text.flat).toContain('Versi 2 · Status: Draf');
  });
});

describe('text outside Latin-1', () => {
  it('round-trips through the embedded DejaVu font', async () => {
    const name = 'Đặng Thị Hồng ≥ ✓';
    const description = 'Pengadaan tong sampah ≥ 20 unit ✓ — “terpilah”';
    const model = buildKelurahanRealisasiModel(
      kelurahanInput({
        lines: [{ ...KELURAHAN_LINES[0], description }],
        signature: signature([CAMAT, { ...LURAH, name }]),
      }),
    );
    const text = await pdfText(await renderRealisasiPdf(model, malang()));
    expect(text.flat).toContain(name.normalize('NFC'));
    expect(text.flat).toContain(description.normalize('NFC'));
  });

  it('still renders with the Helvetica fallback', async () => {
    const model = buildKelurahanRealisasiModel(kelurahanInput());
    const text = await pdfText(await renderRealisasiPdf(model, malang(), { font: 'helvetica' }));
    expect(text.flat).toContain('JUMLAH TOTAL 293.000.000');
  });
});

describe('templates and logo', () => {
  let dir: string;
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    clearReportTemplateCache();
  });

  it('draws an override folder’s logo and wording', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-templates-'));
    fs.cpSync(path.join(PROJECT_ROOT, 'templates', 'default'), path.join(dir, 'default'), { recursive: true });
    fs.mkdirSync(path.join(dir, '35.73'));
    fs.writeFileSync(
      path.join(dir, '35.73', 'report.json'),
      JSON.stringify({ kop: { address: 'Jl. Percobaan No. 9' }, labels: { grandTotal: 'TOTAL KESELURUHAN' } }),
    );
    fs.writeFileSync(path.join(dir, '35.73', 'logo.png'), await QRCode.toBuffer('logo', { type: 'png', width: 64 }));
    const template = loadReportTemplate('35.73', { templatesDir: dir });
    const model = buildKelurahanRealisasiModel(kelurahanInput());
    const withLogo = await renderRealisasiPdf(model, template);
    const withoutLogo = await renderRealisasiPdf(model, loadReportTemplate('35.07'));
    const images = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length;
    expect(images(withLogo)).toBeGreaterThan(images(withoutLogo));
    const text = await pdfText(withLogo);
    expect(text.flat).toContain('PEMERINTAH KOTA MALANG KECAMATAN KLOJEN Jl. Percobaan No. 9');
    expect(text.flat).toContain('TOTAL KESELURUHAN 293.000.000');
  });
});

describe('rendering entry points', () => {
  it('renderInWorker renders in-process from TypeScript sources, with the same text', async () => {
    const model = buildAggregateRealisasiModel(kecamatanInput());
    const viaHelper = await pdfText(await renderInWorker('realisasi', model, malang()));
    const direct = await pdfText(await renderRealisasiPdf(model, malang()));
    expect(viaHelper.pages).toEqual(direct.pages);
  });

  it('refuses a model of the other kind', async () => {
    const plan = buildPlanDocumentModel(planInput());
    await expect(renderReportPdf('realisasi', plan, malang())).rejects.toThrow(/plan model cannot be drawn as realisasi/);
  });

  it('accepts a template that went through structured cloning (as in a worker)', async () => {
    const model = buildKelurahanRealisasiModel(kelurahanInput({ document: footer('X/1') }));
    const pdf = await renderRealisasiPdf(structuredClone(model), structuredClone(malang()));
    expect((await pdfText(pdf)).flat).toContain('No. Dokumen: X/1');
  });
});
