// One PDF render in a fresh process, so its peak RSS is that render's alone; compiled with the sources by the
// reports bench and run as `node pdf-child.js <worker|thread|file|raw> <rows>`. Prints one JSON line.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import { formatNumberId, formatPercent } from '../../src/common/money/rupiah';
import { buildKelurahanRealisasiModel } from '../../src/modules/reports/model/realisasi-report.model';
import type { KelurahanRealisasiModel } from '../../src/modules/reports/model/report.types';
import { dejavuFontFiles, warmReportFonts } from '../../src/modules/reports/pdf/fonts';
import { renderInWorker, shutdownPdfWorkers } from '../../src/modules/reports/pdf/render-in-worker';
import { renderReportPdf, writeReportPdf } from '../../src/modules/reports/pdf/report-renderer';
import { loadReportTemplate } from '../../src/modules/reports/pdf/report-template';
import { syntheticKelurahanInput } from './synthetic-report';

/** Raw pdfkit streaming the same rows as one doc.table() per page (header repeated), no kop, QR or footer. */
export function rawPdfkitLines(model: KelurahanRealisasiModel): Promise<Buffer> {
  const fonts = dejavuFontFiles();
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, font: fonts.regular });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (c: Buffer) => chunks.push(c));
  const header = ['No', 'Kode Rekening', 'Uraian', 'Volume', 'Anggaran', 'Lalu', 'Ini', 's.d. Ini', 'Sisa', '%'];
  const lines = model.groups.flatMap((g) => g.lines);
  const perPage = 27;
  for (let i = 0; i < lines.length; i += perPage) {
    if (i > 0) doc.addPage();
    const table = doc.table({ columnStyles: [22, 86, '*', 56, 70, 70, 70, 70, 70, 34], defaultStyle: { padding: 3, fontSize: 7.5 } as never });
    table.row(header.map((text) => ({ text, font: { src: fonts.bold } })) as never);
    for (const l of lines.slice(i, i + perPage)) {
      table.row([String(l.no), l.accountCode, l.description, `${l.volume} ${l.unit}`, ...[l.budget, l.realizedBefore, l.realizedInPeriod, l.realizedToDate, l.remaining].map(formatNumberId), formatPercent(l.percent)]);
    }
    table.end();
  }
  doc.end();
  return done;
}

/** The main thread's time on a core and time ready but waiting for one, from Linux's schedstat (null elsewhere). */
function mainSchedstat(): { runNs: number; waitNs: number } | null {
  try {
    const [run, wait] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return { runNs: run, waitNs: wait };
  } catch {
    return null;
  }
}

/**
 * CPU seconds of this process's threads: the main thread, the busiest other thread (the render worker, when there is
 * one) and the rest (mostly V8's helper threads doing garbage collection); null where /proc is missing.
 */
function threadCpu(): { main: number; worker: number; rest: number } | null {
  try {
    const tick = 100; // USER_HZ on Linux
    const cpuOf = (task: string) => {
      const stat = fs.readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) / tick;
    };
    const tasks = fs.readdirSync('/proc/self/task');
    const main = cpuOf(String(process.pid));
    const others = tasks.filter((t) => t !== String(process.pid)).map(cpuOf).sort((a, b) => b - a);
    return { main, worker: others[0] ?? 0, rest: others.slice(1).reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const [mode, rowsArg] = process.argv.slice(2);
  const rows = Number(rowsArg);
  const model = buildKelurahanRealisasiModel(syntheticKelurahanInput(rows, { wrapEvery: 9 }));
  const template = loadReportTemplate('35.73');
  // Fonts parsed and shaped once before, as in the app's render worker (which warms them when it starts).
  if (mode === 'thread' || mode === 'file') warmReportFonts();
  const loadBefore = os.loadavg()[0];
  // A 5 ms ticker: the longest gap between its ticks is the longest time the event loop could not serve a request.
  // Where the kernel reports it, the main thread's own schedule tells what that gap was: time it ran (work, GC) or
  // time it was ready but waited for a core.
  let last = performance.now();
  let lastSched = mainSchedstat();
  let stall = 0;
  let stallRanMs: number | null = null;
  let stallWaitedMs: number | null = null;
  const ticker = setInterval(() => {
    const now = performance.now();
    const sched = mainSchedstat();
    if (now - last > stall) {
      stall = now - last;
      stallRanMs = sched && lastSched ? (sched.runNs - lastSched.runNs) / 1e6 : null;
      stallWaitedMs = sched && lastSched ? (sched.waitNs - lastSched.waitNs) / 1e6 : null;
    }
    last = now;
    lastSched = sched;
  }, 5);
  const t0 = performance.now();
  const file = path.join(os.tmpdir(), `dk-bench-${process.pid}.pdf`);
  let pdf: Buffer;
  if (mode === 'file') {
    // Written to a file as pages finish; read back only after the render (and its peak) is over.
    await writeReportPdf('realisasi', model, template, fs.createWriteStream(file));
  }
  const ms0 = performance.now() - t0;
  if (mode === 'file') {
    pdf = fs.readFileSync(file);
    fs.rmSync(file, { force: true });
  } else {
    pdf =
      mode === 'worker'
        ? await renderInWorker('realisasi', model, template, { timeoutMs: 900_000 })
        : mode === 'thread'
          ? await renderReportPdf('realisasi', model, template)
          : await rawPdfkitLines(model);
  }
  const ms = mode === 'file' ? ms0 : performance.now() - t0;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  await new Promise((r) => setTimeout(r, 20));
  clearInterval(ticker);
  const cpu = threadCpu();
  await shutdownPdfWorkers();
  const pages = (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
  console.log(JSON.stringify({ mode, rows, ms, pages, mb: pdf.length / 2 ** 20, maxRssMb, stallMs: stall, stallRanMs, stallWaitedMs, cpu, load: [loadBefore, os.loadavg()[0]] }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
