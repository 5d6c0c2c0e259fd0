// Renders the first page of each document from the sample data to docs/images/*.png for the README.
// Usage: npx ts-node --transpile-only test/tools/readme-images.ts  (needs pdftoppm from poppler-utils)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths';
import { buildPlanDocumentModel } from '../../src/modules/reports/model/plan-document.model';
import { buildAggregateRealisasiModel, buildKelurahanRealisasiModel } from '../../src/modules/reports/model/realisasi-report.model';
import { kecamatanInput, kelurahanInput, planInput, signature, CAMAT } from '../../src/modules/reports/model/report.fixtures';
import { renderPlanPdf, renderRealisasiPdf } from '../../src/modules/reports/pdf/report-renderer';
import { loadReportTemplate } from '../../src/modules/reports/pdf/report-template';
import { resolveSignatories } from '../../src/modules/reports/signatories';
import { buildBkuModel } from '../../src/modules/reports/books/bku.model';
import { bookSignatories } from '../../src/modules/reports/books/books-layout-parts';
import { buildLpjModel } from '../../src/modules/reports/books/lpj.model';
import { buildPajakModel } from '../../src/modules/reports/books/pajak.model';
import { renderReportPdf } from '../../src/modules/reports/pdf/report-renderer';

// The bendahara's documents of one month, from sample books of Kelurahan Balearjosari (March 2026).
const BOOK_REGION = {
  level: 'kelurahan' as const,
  kelurahan: { code: '35.73.01.1001', name: 'Balearjosari' },
  kecamatan: { code: '35.73.01', name: 'Blimbing' },
  kabkota: { code: '35.73', name: 'Kota Malang' },
  provinsi: { code: '35', name: 'Jawa Timur' },
};
const bookSignature = {
  place: 'Malang',
  date: '2026-03-31',
  signatories: bookSignatories(
    'Balearjosari',
    { name: 'Siti Rahmawati, S.STP', nip: '198503122008012003', rank: 'Penata (III/c)' },
    { name: 'Rina Wulandari, A.Md.', nip: '199001052015032002', rank: 'Pengatur (II/c)' },
  ),
};
const bookDocument = (no: number) => ({
  documentNumber: `DK/35.73.01.1001/2026/${String(no).padStart(6, '0')}`,
  verifyUrl: `https://danakel.example.go.id/verifikasi/${encodeURIComponent(`DK/35.73.01.1001/2026/${String(no).padStart(6, '0')}`)}`,
  issuedAt: '2026-04-01T02:00:00Z',
  issuedBy: 'Rina Wulandari, A.Md.',
});
const bookBase = { region: BOOK_REGION, year: 2026, month: 3, signature: bookSignature };

function bookDocuments(template: ReturnType<typeof loadReportTemplate>): Array<[string, Promise<Buffer>]> {
  const bku = buildBkuModel({
    ...bookBase,
    opening: 10_000_000,
    before: { receipts: 25_000_000, payments: 15_000_000 },
    rows: [
      { date: '2026-03-02', kind: 'FUND_IN', account: 'BANK', amount: 150_000_000, referenceNo: 'SP2D/00123/2026', accountCode: null, description: 'Penerimaan TU' },
      { date: '2026-03-05', kind: 'PAYMENT', account: 'BANK', amount: -11_100_000, referenceNo: '001/TBP/KEL.BLJ/2026', accountCode: '5.1.02.01.01.0024', description: 'Belanja alat tulis kantor' },
      { date: '2026-03-05', kind: 'TAX_WITHHELD', account: 'BANK', amount: 150_000, referenceNo: '001/TBP/KEL.BLJ/2026', accountCode: '5.1.02.01.01.0024', description: 'Pungutan PPh 22' },
      { date: '2026-03-09', kind: 'TAX_DEPOSIT', account: 'BANK', amount: -150_000, referenceNo: 'NTPN 0A1B2C3D4E5F6789', accountCode: null, description: 'Setor PPh 22' },
    ],
    closingByAccount: { TUNAI: 10_000_000, BANK: 138_900_000, LS: 0 },
    taxHeld: 0,
    closed: true,
    document: bookDocument(21),
  });
  const pajak = buildPajakModel({
    ...bookBase,
    layout: 'chronological',
    before: { PPN: { withheld: 1_000_000, deposited: 600_000 } },
    rows: [
      { date: '2026-03-05', type: 'PPH22', side: 'PUNGUT', amount: 150_000, referenceNo: '001/TBP/KEL.BLJ/2026', description: 'Belanja alat tulis kantor' },
      { date: '2026-03-09', type: 'PPN', side: 'SETOR', amount: 400_000, referenceNo: 'NTPN 0A1B2C3D4E5F6789', description: 'Setor PPN' },
    ],
    document: bookDocument(22),
  });
  const lpj = buildLpjModel({
    ...bookBase,
    spending: [
      { accountCode: '5.2.04.02.01.0006', ls: { before: 0, thisMonth: 50_000_000 }, up: { before: 0, thisMonth: 0 } },
      { accountCode: '5.1.02.01.01.0052', ls: { before: 0, thisMonth: 0 }, up: { before: 1_800_000, thisMonth: 2_000_000 } },
    ],
    fundsIn: { before: 25_000_000, thisMonth: 0 },
    lsIn: { before: 0, thisMonth: 50_000_000 },
    returns: { before: 0, thisMonth: 1_000_000 },
    taxes: { PPH22: { withheld: { before: 0, thisMonth: 30_000 }, deposited: { before: 0, thisMonth: 0 } } },
    closing: 25_000_000 + 50_000_000 + 30_000 - 50_000_000 - 3_800_000 - 1_000_000,
    document: bookDocument(23),
  });
  return [
    ['bku', renderReportPdf('bku', bku, template)],
    ['buku-pajak', renderReportPdf('pajak', pajak, template)],
    ['lpj', renderReportPdf('lpj', lpj, template)],
  ];
}

async function main(): Promise<void> {
  const template = loadReportTemplate('35.73');
  const kota = { level: 'kabkota' as const, kabkota: { code: '35.73', name: 'Kota Malang' }, provinsi: { code: '35', name: 'Jawa Timur' } };
  const docs: Array<[string, Promise<Buffer>]> = [
    ['realisasi-kelurahan', renderRealisasiPdf(buildKelurahanRealisasiModel(kelurahanInput()), template)],
    ['realisasi-kecamatan', renderRealisasiPdf(buildAggregateRealisasiModel(kecamatanInput({ signature: signature([CAMAT]) })), template)],
    [
      'realisasi-kota',
      renderRealisasiPdf(
        buildAggregateRealisasiModel(
          kecamatanInput({
            region: kota,
            period: 'Q2',
            rows: [
              { code: '35.73.01', name: 'Blimbing', allocation: 11_000_000_000, planned: 10_450_000_000, realizedBefore: 2_100_000_000, realizedInPeriod: 1_900_000_000 },
              { code: '35.73.02', name: 'Klojen', allocation: 11_000_000_000, planned: 11_200_000_000, realizedBefore: 3_000_000_000, realizedInPeriod: 2_500_000_000 },
              { code: '35.73.03', name: 'Kedungkandang', allocation: 12_000_000_000, planned: 11_800_000_000, realizedBefore: 1_700_000_000, realizedInPeriod: 2_050_000_000 },
              { code: '35.73.04', name: 'Sukun', allocation: 11_000_000_000, planned: 10_900_000_000, realizedBefore: 2_400_000_000, realizedInPeriod: 1_300_000_000 },
              { code: '35.73.05', name: 'Lowokwaru', allocation: 12_000_000_000, planned: 11_950_000_000, realizedBefore: 2_800_000_000, realizedInPeriod: 2_200_000_000 },
            ],
            signature: signature(resolveSignatories(template, kota, [])),
            document: { ...kecamatanInput().document, documentNumber: 'DK/35.73/2026/000014' },
          }),
        ),
        template,
      ),
    ],
    ['rencana', renderPlanPdf(buildPlanDocumentModel(planInput({ version: 1 })), template)],
    [
      'rencana-perubahan',
      renderPlanPdf(
        buildPlanDocumentModel(
          planInput({
            previous: {
              version: 1,
              lines: [
                { ...planInput().lines[0], amount: 180_000_000, volume: 144 },
                planInput().lines[1],
                { ...planInput().lines[2], lineId: 99, description: 'Lomba kebersihan RW', amount: 5_000_000, unitPrice: 5_000_000, volume: 1, unit: 'PAKET' },
              ],
            },
          }),
        ),
        template,
      ),
    ],
    ...bookDocuments(template),
  ];
  const out = path.join(PROJECT_ROOT, 'docs', 'images');
  fs.mkdirSync(out, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-images-'));
  for (const [name, pdf] of docs) {
    fs.writeFileSync(path.join(tmp, `${name}.pdf`), await pdf);
    // The last page: where the totals, the terbilang and the signatures sit.
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path.join(tmp, `${name}.pdf`)]).toString())![1]);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(pages), '-l', String(pages), '-singlefile', path.join(tmp, `${name}.pdf`), path.join(out, name)]);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
