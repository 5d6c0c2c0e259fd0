// Peak memory and time of one large kelurahan realisasi PDF, rendered in this thread by the project's renderer.
// Usage: npx ts-node --transpile-only test/bench/pdf-memory.ts [rows ...] [--out=file.pdf]
// With several sizes (default 5000 27000) each runs in a fresh node process, so maxRSS is that render's peak.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildKelurahanRealisasiModel } from '../../src/modules/reports/model/realisasi-report.model';
import type { KelurahanLineRow, KelurahanRealisasiInput } from '../../src/modules/reports/model/report.types';
import { renderRealisasiPdf } from '../../src/modules/reports/pdf/report-renderer';
import { loadReportTemplate } from '../../src/modules/reports/pdf/report-template';

function syntheticInput(rows: number): KelurahanRealisasiInput {
  const lines: KelurahanLineRow[] = Array.from({ length: rows }, (_, i) => ({
    lineId: i + 1,
    category: i % 3 === 0 ? 'pemberdayaan' : 'sarpras',
    subType: i % 3 === 0 ? 'B1' : 'A1',
    accountCode: `5.1.02.01.${String(1 + (i % 97)).padStart(2, '0')}.${String(i % 10000).padStart(4, '0')}`,
    // Every 9th description wraps onto a second line, so rows are not all the same height.
    description: `Kegiatan sintetis nomor ${i + 1} RT ${1 + (i % 12)} RW ${1 + (i % 7)}${i % 9 === 0 ? ' dengan uraian panjang yang dibungkus menjadi lebih dari satu baris di kolom uraian laporan' : ''}`,
    volume: 1 + (i % 50),
    unit: 'Paket',
    budget: 10_000_000 + (i % 1000) * 1000,
    realizedBefore: (i % 7) * 100_000,
    realizedInPeriod: (i % 11) * 50_000,
  }));
  return {
    region: {
      level: 'kelurahan',
      kelurahan: { code: '35.73.02.1005', name: 'Oro-oro Dowo' },
      kecamatan: { code: '35.73.02', name: 'Klojen' },
      kabkota: { code: '35.73', name: 'Kota Malang' },
      provinsi: { code: '35', name: 'Jawa Timur' },
    },
    year: 2026,
    period: 'Q3',
    allocation: 1_000_000_000_000,
    lines,
    signature: {
      place: 'Malang',
      date: '2026-10-01',
      signatories: [
        { role: 'camat', name: 'Drs. Bambang Sutrisno, M.Si.', nip: '197205151998031004' },
        { role: 'lurah', name: 'Siti Rahmawati, S.STP', nip: '198409292010012006' },
      ],
    },
    document: {
      documentNumber: 'DK/35.73.02.1005/2026/Q3/0001',
      verifyUrl: 'http://localhost:3000/api/documents/x',
      issuedAt: '2026-10-01T00:00:00Z',
    },
  };
}

async function measureOne(rows: number, out: string | undefined): Promise<void> {
  const model = buildKelurahanRealisasiModel(syntheticInput(rows));
  const template = loadReportTemplate('35.73');
  const rssBefore = process.resourceUsage().maxRSS / 1024;
  const t0 = performance.now();
  const pdf = await renderRealisasiPdf(model, template);
  const ms = performance.now() - t0;
  const pages = (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
  if (out) fs.writeFileSync(out, pdf);
  const result = {
    rows,
    seconds: +(ms / 1000).toFixed(1),
    pages,
    pdfMb: +(pdf.length / 1048576).toFixed(1),
    maxRssMbBeforeRender: Math.round(rssBefore),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(result));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
  if (sizes.length === 1) return measureOne(sizes[0], out);
  // One child per size: maxRSS is a per-process high-water mark.
  for (const rows of sizes.length ? sizes : [5_000, 27_000]) {
    const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, String(rows)], {
      stdio: 'inherit',
    });
    if (child.status !== 0) throw new Error(`render of ${rows} rows failed (exit ${child.status})`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
