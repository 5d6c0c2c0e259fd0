import { parentPort } from 'node:worker_threads';
import type { ReportModel } from '../model/report.types';
import { warmReportFonts } from './fonts';
import { renderReportPdf } from './report-renderer';
import { joinModel, type PdfWorkerMessage, type PdfWorkerReply } from './render-in-worker';

// Worker-thread entry: takes one document at a time (its model arrives in slices), renders it and posts the bytes
// back (transferred, not copied). The worker stays alive between jobs so fonts and modules are loaded once; the pool
// ends it when idle.
warmReportFonts();

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
    let transfer: ArrayBuffer[] = [];
    try {
      const model = joinModel(begin.skeleton, arrays) as ReportModel;
      const pdf = await renderReportPdf(begin.kind, model, begin.template, begin.options);
      // renderReportPdf's buffer owns its whole ArrayBuffer (no shared pool), so it is handed over as it is.
      const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      reply = { id: begin.id, ok: true, pdf: bytes };
      transfer = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? [pdf.buffer as ArrayBuffer] : [];
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      reply = { id: begin.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
    }
    parentPort!.postMessage(reply, transfer);
  })();
});
