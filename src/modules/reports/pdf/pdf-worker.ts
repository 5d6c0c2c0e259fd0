import * as fs from 'node:fs';
import * as os from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { ReportModel } from '../model/report.types';
import { warmReportFonts } from './fonts';
import { blockSink, writeReportPdf } from './report-renderer';
import { joinModel, type PdfWorkerMessage, type PdfWorkerReply } from './render-in-worker';

// Worker-thread entry: takes one document at a time (its model arrives in slices), renders it and posts the bytes
// back in blocks as they are written (transferred, not copied). The worker stays alive between jobs so fonts and
// modules are loaded once; the pool ends it when idle.
// Nice 10 weighs about a tenth of the main thread's nice 0 when both wait for a core (see lowerThreadPriority).
const RENDER_THREAD_NICE = 10;
lowerThreadPriority();
warmReportFonts();

/**
 * A render is background work: when every core is busy the main thread (whose event loop serves requests) should
 * get one first. Linux keeps a nice value per thread, so the worker lowers its own (its thread id from
 * /proc/thread-self); elsewhere, or if refused, it renders at normal priority.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isSafeInteger(tid) && tid > 0) os.setPriority(tid, RENDER_THREAD_NICE);
  } catch {
    // Not Linux, or not permitted: the render shares the cores at normal priority.
  }
}

let pending: { begin: Extract<PdfWorkerMessage, { type: 'begin' }>; arrays: unknown[][] } | null = null;

parentPort!.on('message', (message: PdfWorkerMessage) => {
  if (message.type === 'begin') {
    pending = { begin: message, arrays: [] };
    return;
  }
  if (!pending || pending.begin.id !== message.id) return;
  if (message.type === 'part') {
    const parts = (pending.arrays[message.array] ??= []);
    for (const item of message.items) parts.push(item);
    return;
  }
  const { begin, arrays } = pending;
  pending = null;
  void (async () => {
    let reply: PdfWorkerReply;
    try {
      const model = joinModel(begin.skeleton, arrays) as ReportModel;
      // Each block is posted as soon as it fills (a block owns its ArrayBuffer, so it is transferred, not copied).
      const out = blockSink((block) => {
        parentPort!.postMessage({ id: begin.id, block } satisfies PdfWorkerReply, [block.buffer as ArrayBuffer]);
      });
      await writeReportPdf(begin.kind, model, begin.template, out, begin.options);
      reply = { id: begin.id, ok: true };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      reply = { id: begin.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
    }
    parentPort!.postMessage(reply);
  })();
});
