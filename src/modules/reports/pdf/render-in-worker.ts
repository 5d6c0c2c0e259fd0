import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReportModel } from '../model/report.types';
import { joinBlocks, renderReportPdf, tableRows, type PdfKind, type RenderOptions } from './report-renderer';
import type { LoadedReportTemplate } from './report-template';

export interface PdfWorkerRequest {
  id: number;
  kind: PdfKind;
  model: ReportModel;
  template: LoadedReportTemplate;
  options: RenderOptions;
}

/**
 * How a request travels to the worker: the model's skeleton with its long arrays (table rows) left out, then those
 * arrays in slices, then the go. Cloning a model of thousands of rows in one postMessage held the event loop for
 * tens of milliseconds; slices of a few hundred rows, with a turn of the loop between them, hold it for one or two.
 */
export type PdfWorkerMessage =
  | { type: 'begin'; id: number; kind: PdfKind; skeleton: unknown; template: LoadedReportTemplate; options: RenderOptions }
  | { type: 'part'; id: number; array: number; items: unknown[] }
  | { type: 'end'; id: number };

const SLICE_ROWS = 500;

// By its tag, not its prototype: objects that crossed a thread (or a vm context) have another realm's Object.prototype.
const isPlainObject = (v: unknown): v is Record<string, unknown> => Object.prototype.toString.call(v) === '[object Object]';
const CHUNKED = '__dkChunkedArray';

/** The model with every array longer than SLICE_ROWS replaced by a placeholder; those arrays are listed in `arrays`. */
export function splitModel(value: unknown, arrays: unknown[][]): unknown {
  if (Array.isArray(value)) {
    if (value.length > SLICE_ROWS) {
      arrays.push(value);
      return { [CHUNKED]: arrays.length - 1 };
    }
    return value.map((v) => splitModel(v, arrays));
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = splitModel(v, arrays);
    return out;
  }
  return value;
}

/** The inverse of splitModel, in the worker. */
export function joinModel(value: unknown, arrays: unknown[][]): unknown {
  if (Array.isArray(value)) return value.map((v) => joinModel(v, arrays));
  if (isPlainObject(value)) {
    const ref = (value as Record<string, unknown>)[CHUNKED];
    if (typeof ref === 'number') return arrays[ref];
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = joinModel(v, arrays);
    return out;
  }
  return value;
}

/**
 * The worker's answer: the PDF as blocks of PDF_BLOCK_BYTES, posted (transferred, not copied) while pages are
 * written, then `ok`. The worker thus never holds more than one block of the output; the main thread joins them.
 */
export type PdfWorkerReply =
  | { id: number; block: Uint8Array }
  | { id: number; ok: true }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

export interface WorkerRenderOptions extends RenderOptions {
  /** Kill the worker and reject after this long (default 120 s). */
  timeoutMs?: number;
  /** Render in this thread even from dist (debugging). */
  inProcess?: boolean;
}

// jest and ts-node load this file as .ts and there is no compiled pdf-worker.js beside it; dist has one.
const RUNNING_FROM_SOURCE = __filename.endsWith('.ts');
const WORKER_FILE = path.join(__dirname, 'pdf-worker.js');
const DEFAULT_TIMEOUT_MS = 120_000;
// A worker that rendered thousands of rows keeps a large heap; end it once it has been idle this long.
const IDLE_MS = 30_000;
// Each busy worker holds its model, the finished PDF and the page being drawn (a 27,000-line report still peaks at a
// few hundred MB, much of it garbage not yet collected), and one core stays free for the event loop, so only a few
// run at once; further jobs queue.
const MAX_WORKERS = Math.max(1, Math.min(4, availableParallelism() - 1));
// A worker's heap is capped: V8 then collects before it grows, and a runaway render fails alone
// (ERR_WORKER_OUT_OF_MEMORY) instead of taking the app's memory. What it holds live grows with the model (its copy of
// the rows), so the cap does: 56 MB up to 16,500 table rows (a ~1,000-page report), then 4 KB more per row; a
// document that still runs out is drawn again with twice the heap.
export function workerHeapMb(rows: number): number {
  return Math.min(2048, 56 + Math.max(0, Math.ceil((rows - 16_500) / 250)));
}
// The young generation: at 4 MB the worker scavenged ~260 times a second and promoted each page's short-lived objects,
// so it also ran a full mark-compact ~7 times a second; V8 does that work on its helper threads, which then took
// 5-7 s of CPU beside the worker's 11-13 s for a 986-page report, competing with the main thread for the cores.
// At 16 MB: a quarter of the scavenges, ~40% fewer mark-compacts, ~20% less helper CPU, for ~10 MB more RSS.
const YOUNG_GENERATION_MB = 16;

interface Job {
  request: PdfWorkerRequest;
  /** The old-generation cap this document needs (workerHeapMb). */
  heapMb: number;
  /** Set once the job was retried with a larger heap after running out. */
  grown?: boolean;
  timeoutMs: number;
  /** The PDF's blocks received so far. */
  blocks: Buffer[];
  resolve: (pdf: Buffer) => void;
  reject: (err: Error) => void;
}

interface PooledWorker {
  worker: Worker;
  heapMb: number;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const pool: PooledWorker[] = [];
const queue: Job[] = [];
let nextId = 1;

function retire(slot: PooledWorker): void {
  const i = pool.indexOf(slot);
  if (i >= 0) pool.splice(i, 1);
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
  void slot.worker.terminate();
}

function settle(slot: PooledWorker, outcome: { pdf: Buffer } | { error: Error }): void {
  const job = slot.job;
  if (!job) return;
  slot.job = null;
  job.blocks = [];
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
  if ('pdf' in outcome) job.resolve(outcome.pdf);
  else job.reject(outcome.error);
  if (pool.includes(slot)) {
    // Unreferenced while idle, so a waiting pool never keeps the process alive.
    slot.worker.unref();
    slot.timer = setTimeout(() => retire(slot), IDLE_MS).unref();
  }
  dispatch();
}

function spawn(heapMb: number): PooledWorker {
  // libuv's thread pool starts on its first use, in the thread that uses it, and new threads inherit that thread's
  // nice value: started here it runs at the main thread's priority, never at the lowered one of a render worker.
  fs.access(WORKER_FILE, () => undefined);
  const worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  const slot: PooledWorker = { worker, heapMb, job: null, timer: null };
  slot.worker.on('message', (reply: PdfWorkerReply) => {
    if (!slot.job || reply.id !== slot.job.request.id) return;
    if ('block' in reply) {
      slot.job.blocks.push(Buffer.from(reply.block.buffer, reply.block.byteOffset, reply.block.byteLength));
    } else if (reply.ok) {
      settle(slot, { pdf: joinBlocks(slot.job.blocks) });
    } else {
      const err = new Error(reply.error.message);
      err.name = reply.error.name;
      if (reply.error.stack) err.stack = reply.error.stack;
      settle(slot, { error: err });
    }
  });
  const fail = (err: Error) => {
    retire(slot);
    const job = slot.job;
    if (job && (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' && !job.grown) {
      // The document needed more than its estimate: drawn once more, first in line, by a worker with twice the heap.
      slot.job = null;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      job.grown = true;
      job.blocks = [];
      job.heapMb = Math.min(4096, job.heapMb * 2);
      queue.unshift(job);
      dispatch();
      return;
    }
    settle(slot, { error: err });
  };
  slot.worker.on('error', fail);
  slot.worker.on('exit', (code) => fail(new Error(`PDF worker exited with code ${code} before replying`)));
  pool.push(slot);
  return slot;
}

function dispatch(): void {
  while (queue.length) {
    let slot: PooledWorker | null;
    try {
      const need = queue[0].heapMb;
      slot = pool.find((s) => !s.job && s.heapMb >= need) ?? null;
      if (!slot) {
        // An idle worker too small for this document makes room for one that fits.
        const small = pool.find((s) => !s.job);
        if (small && pool.length >= MAX_WORKERS) retire(small);
        slot = pool.length < MAX_WORKERS ? spawn(need) : null;
      }
    } catch (err) {
      // No worker can start (e.g. the compiled worker file is missing): fail what waits rather than hang it.
      for (const job of queue.splice(0)) job.reject(err as Error);
      return;
    }
    if (!slot) return;
    const job = queue.shift()!;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      retire(slot);
      settle(slot, { error: new Error(`PDF rendering timed out after ${job.timeoutMs} ms`) });
    }, job.timeoutMs);
    void send(slot, job);
  }
}

/** Posts the request in slices (see PdfWorkerMessage), letting the event loop run between them. */
async function send(slot: PooledWorker, job: Job): Promise<void> {
  const { id, kind, model, template, options } = job.request;
  const arrays: unknown[][] = [];
  const skeleton = splitModel(model, arrays);
  const post = (m: PdfWorkerMessage) => slot.worker.postMessage(m);
  post({ type: 'begin', id, kind, skeleton, template, options });
  for (const [array, items] of arrays.entries()) {
    for (let i = 0; i < items.length; i += SLICE_ROWS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      // The job ended meanwhile (timeout, worker gone): nothing more to send.
      if (slot.job !== job) return;
      post({ type: 'part', id, array, items: items.slice(i, i + SLICE_ROWS) });
    }
  }
  post({ type: 'end', id });
}

/**
 * Renders in a pooled worker thread so a long report does not block the event loop (a 5,000-row report takes
 * seconds). From TypeScript sources (jest, ts-node) it renders in this thread, because there is no compiled worker.
 */
export function renderInWorker(
  kind: PdfKind,
  model: ReportModel,
  template: LoadedReportTemplate,
  options: WorkerRenderOptions = {},
): Promise<Buffer> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, inProcess = false, ...renderOptions } = options;
  if (RUNNING_FROM_SOURCE || inProcess) return renderReportPdf(kind, model, template, renderOptions);
  return new Promise<Buffer>((resolve, reject) => {
    queue.push({ request: { id: nextId++, kind, model, template, options: renderOptions }, heapMb: workerHeapMb(tableRows(model)), timeoutMs, blocks: [], resolve, reject });
    dispatch();
  });
}

/** How many render workers are alive now (idle or busy). */
export function pdfWorkerCount(): number {
  return pool.length;
}

/** Ends every worker (for the service's onModuleDestroy); queued and running jobs are rejected. */
export async function shutdownPdfWorkers(): Promise<void> {
  for (const job of queue.splice(0)) job.reject(new Error('PDF workers shut down'));
  const slots = pool.splice(0);
  for (const slot of slots) {
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    job?.reject(new Error('PDF workers shut down'));
  }
  await Promise.all(slots.map((s) => s.worker.terminate()));
}
