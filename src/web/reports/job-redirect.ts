import type { FastifyReply } from 'fastify';
import { FileDownload, JobAccepted } from '../../modules/reports/file-download';

/**
 * A document the service rendered at once is the download itself; one it queued as a job (a large month or report)
 * sends the browser to the job's progress page, which offers the file once it is ready.
 */
export function fileOrProgress(reply: FastifyReply, out: FileDownload | JobAccepted): FileDownload | string {
  if (out instanceof JobAccepted) {
    reply.status(303).header('location', `/laporan/pekerjaan/${out.body.jobId}`).header('cache-control', 'no-store');
    return '';
  }
  return out;
}
