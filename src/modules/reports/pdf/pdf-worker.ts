import { parentPort } from 'node:worker_threads';
import { renderReportPdf } from './report-renderer';
import type { PdfWorkerReply, PdfWorkerRequest } from './render-in-worker';

// Worker-thread entry: renders one document per message and posts the bytes back (transferred, not copied).
// The worker stays alive between jobs so fonts and modules are loaded once; the pool ends it when idle.
parentPort!.on('message', (request: PdfWorkerRequest) => {
  void (async () => {
    let reply: PdfWorkerReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const pdf = await renderReportPdf(request.kind, request.model, request.template, request.options);
      // A Buffer may be a view into a shared pool; copy into an ArrayBuffer of its own so it can be transferred.
      const bytes = new Uint8Array(pdf.byteLength);
      bytes.set(pdf);
      reply = { id: request.id, ok: true, pdf: bytes };
      transfer = [bytes.buffer];
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      reply = { id: request.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
    }
    parentPort!.postMessage(reply, transfer);
  })();
});
