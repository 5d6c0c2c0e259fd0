// Peak memory and time of one large kelurahan realisasi PDF, rendered in this thread by the project's renderer.
// Usage: npx ts-node --transpile-only test/bench/pdf-memory.ts [rows ...] [--out=file.pdf]
// With several sizes (default 5000 27000) each runs in a fresh node process, so maxRSS is that render's peak.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildKelurahanRealisasiModel } from '../../src/modules/reports/model/realisasi-report.model';
import { renderRealisasiPdf } from '../../src/modules/reports/pdf/report-renderer';
import { loadReportTemplate } from '../../src/modules/reports/pdf/report-template';
import { syntheticKelurahanInput } from './synthetic-report';

async function measureOne(rows: number, out: string | undefined): Promise<void> {
  const model = buildKelurahanRealisasiModel(syntheticKelurahanInput(rows, { wrapEvery: 9 }));
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
