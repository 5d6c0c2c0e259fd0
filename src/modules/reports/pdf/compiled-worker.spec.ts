import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileSources } from '../../../../test/helpers/compile-sources';
import { pdfText } from '../../../../test/helpers/pdf-text';
import { buildKelurahanRealisasiModel } from '../model/realisasi-report.model';
import { kelurahanInput, KELURAHAN_LINES } from '../model/report.fixtures';
import { renderReportPdf } from './report-renderer';
import { loadReportTemplate } from './report-template';

// Jest loads the renderer from TypeScript, where renderInWorker draws in this thread; production runs compiled .js,
// where it posts the model in slices to pdf-worker.js. This runs that compiled path in a plain node process.
const LINES = 1_200;
const linesInput = () =>
  kelurahanInput({ lines: Array.from({ length: LINES }, (_, i) => ({ ...KELURAHAN_LINES[i % 4], lineId: i + 1, description: `Rincian kegiatan nomor ${i + 1}` })) });

describe('the compiled render worker', () => {
  let root: string;
  let tmp: string;

  beforeAll(async () => {
    root = await compileSources(`dk-jest-pdf-worker-${process.pid}`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-pdf-worker-'));
  }, 120_000);

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('draws a 1,200-line report in a lower-priority worker thread from dist-style .js files, the same pages as in this thread', async () => {
    const out = path.join(tmp, 'worker.pdf');
    const script = `
      const fs = require('node:fs');
      const lib = (p) => require(${JSON.stringify(root)} + '/src/modules/reports/' + p);
      const { renderInWorker, pdfWorkerCount, shutdownPdfWorkers } = lib('pdf/render-in-worker');
      const { buildKelurahanRealisasiModel } = lib('model/realisasi-report.model');
      const { kelurahanInput, KELURAHAN_LINES } = lib('model/report.fixtures');
      const { loadReportTemplate } = lib('pdf/report-template');
      const input = kelurahanInput({ lines: Array.from({ length: ${LINES} }, (_, i) => ({ ...KELURAHAN_LINES[i % 4], lineId: i + 1, description: 'Rincian kegiatan nomor ' + (i + 1) })) });
      const pending = renderInWorker('realisasi', buildKelurahanRealisasiModel(input), loadReportTemplate('35.73'));
      const workers = pdfWorkerCount();
      // The nice value of each thread of this process (field 19 of its stat), read while the idle worker lives.
      const nices = () => fs.readdirSync('/proc/self/task').map((t) => {
        const stat = fs.readFileSync('/proc/self/task/' + t + '/stat', 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
      pending.then(async (pdf) => {
        fs.writeFileSync(${JSON.stringify(out)}, pdf);
        const threadNices = process.platform === 'linux' ? nices() : null;
        await shutdownPdfWorkers();
        console.log(JSON.stringify({ workers, bytes: pdf.length, threadNices }));
      }, (err) => { console.error(err); process.exit(1); });
    `;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const result = JSON.parse(child.stdout.trim());
    // A worker thread was started for it (the compiled renderInWorker does not fall back to this thread).
    expect(result.workers).toBe(1);
    // On Linux the worker thread lowered its own priority and only its own: the main thread stays at 0 (when the
    // tests themselves run at 0, as they do unless started under nice).
    if (process.platform === 'linux' && os.getPriority() === 0) {
      expect(result.threadNices.filter((n: number) => n === 10)).toHaveLength(1);
      expect(result.threadNices.filter((n: number) => n !== 10).every((n: number) => n === 0)).toBe(true);
    }
    const viaWorker = fs.readFileSync(out);
    const inThread = await renderReportPdf('realisasi', buildKelurahanRealisasiModel(linesInput()), loadReportTemplate('35.73'));
    expect(viaWorker.length).toBe(result.bytes);
    // pdfkit may write an image and a page object in either order (its streams finish asynchronously), so the file
    // is compared by what it shows: the same text on the same pages.
    const [worker, thread] = await Promise.all([pdfText(viaWorker), pdfText(inThread)]);
    expect(worker.pages.length).toBeGreaterThan(40);
    expect(worker.pages).toEqual(thread.pages);
  }, 120_000);
});
