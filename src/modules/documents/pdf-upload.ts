import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { DOCUMENT_ERRORS } from './documents.errors';
import { MAX_UPLOAD_BYTES } from '../../configure-app';

export interface PdfUpload {
  sha256: string;
  byteSize: number;
}

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

const fileRequired = () =>
  DOCUMENT_ERRORS.error('DOCUMENT_FILE_REQUIRED').with([{ field: 'file', message: 'berkas PDF wajib diunggah pada kolom file' }]);

/**
 * Reads the multipart field `file` as a stream: hashes it (SHA-256) and counts its bytes without holding it in
 * memory, then refuses what is over the upload limit or does not start with the PDF magic bytes.
 */
export async function readPdfUpload(req: FastifyRequest): Promise<PdfUpload> {
  if (!req.isMultipart()) throw fileRequired();
  let part: MultipartFile | undefined;
  try {
    part = await req.file();
  } catch {
    throw fileRequired();
  }
  if (!part) throw fileRequired();
  const hash = createHash('sha256');
  let byteSize = 0;
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      if (head.length < PDF_MAGIC.length) head = Buffer.concat([head, chunk.subarray(0, PDF_MAGIC.length - head.length)]);
      hash.update(chunk);
      byteSize += chunk.length;
    }
  } catch {
    throw fileRequired();
  }
  if (part.fieldname !== 'file') throw fileRequired();
  if (part.file.truncated) {
    throw DOCUMENT_ERRORS.error('DOCUMENT_TOO_LARGE', MAX_UPLOAD_BYTES / 1024 / 1024).with([
      { field: 'file', message: `ukuran berkas paling besar ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` },
    ]);
  }
  if (!head.equals(PDF_MAGIC)) {
    throw DOCUMENT_ERRORS.error('DOCUMENT_NOT_PDF').with([{ field: 'file', message: 'berkas harus PDF (diawali %PDF-)' }]);
  }
  return { sha256: hash.digest('hex'), byteSize };
}
