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
