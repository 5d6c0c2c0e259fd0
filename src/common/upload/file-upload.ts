import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error';
import { UPLOAD_ERRORS } from './upload.errors';

export interface UploadedFile {
  /** The field's file name as the client sent it (never used as a path). */
  filename: string;
  /** What the client claimed; checked against the content by the caller. */
  declaredType: string;
  bytes: Buffer;
  byteSize: number;
  sha256: string;
}

export interface Upload {
  file: UploadedFile;
  /** The plain (non-file) fields of the form. */
  fields: Record<string, string>;
}

export interface UploadOptions {
  /** Largest file accepted, in bytes (under the server's own multipart limit). */
  maxBytes: number;
  /** Name of the file field (default 'file'). */
  fileField?: string;
}

/** A size limit as the forms and messages say it: `10 MB`, `2.5 MB`. */
export const megabytes = (n: number): string => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

const fileDetail = (message: string, extra: Record<string, unknown> = {}) => [{ field: 'file', message, ...extra }];
const tooLarge = (maxBytes: number) =>
  UPLOAD_ERRORS.error('UPLOAD_TOO_LARGE', megabytes(maxBytes)).with(fileDetail(`ukuran berkas paling besar ${megabytes(maxBytes)}`, { maxBytes }));

/**
 * Reads one multipart form: its text fields and at most one file, counting and hashing the file as it streams in.
 * A file over `maxBytes` and an upload cut off before its end are refused (400 naming `file`), never half-kept. A
 * file input left empty (what a browser sends when nothing was chosen) is no file.
 */
export async function readForm(
  req: FastifyRequest,
  options: UploadOptions & { maxFields?: number; /** filled as the fields arrive, so a form refused for its file can be shown again as typed */ fields?: Record<string, string> },
): Promise<{ file: UploadedFile | null; fields: Record<string, string> }> {
  const fileField = options.fileField ?? 'file';
  if (!req.isMultipart()) throw UPLOAD_ERRORS.error('UPLOAD_FILE_REQUIRED', fileField).with(fileDetail('berkas wajib diunggah'));
  const fields: Record<string, string> = options.fields ?? {};
  let file: UploadedFile | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: options.maxBytes, files: 1, fields: options.maxFields ?? 20, fieldSize: 4096 } })) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value ?? '');
        continue;
      }
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        hash.update(chunk);
        chunks.push(chunk);
        size += chunk.length;
      }
      if (part.file.truncated) throw tooLarge(options.maxBytes);
      if (part.fieldname !== fileField) throw UPLOAD_ERRORS.error('UPLOAD_FILE_REQUIRED', fileField).with(fileDetail('berkas wajib diunggah'));
      if (size === 0 && !part.filename) continue;
      file = { filename: part.filename ?? '', declaredType: part.mimetype ?? '', bytes: Buffer.concat(chunks), byteSize: size, sha256: hash.digest('hex') };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(options.maxBytes);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw UPLOAD_ERRORS.error('UPLOAD_INVALID').with(fileDetail('unggah satu berkas saja'));
    }
    // A body that ends before the closing boundary (connection cut, truncated request).
    throw UPLOAD_ERRORS.error('UPLOAD_TRUNCATED').with(fileDetail('berkas tidak diterima utuh'));
  }
  if (file && file.byteSize === 0) throw UPLOAD_ERRORS.error('UPLOAD_EMPTY').with(fileDetail('berkas tidak boleh kosong'));
  return { file, fields };
}

/** Reads one multipart form with exactly one file (see readForm). */
export async function readUpload(req: FastifyRequest, options: UploadOptions): Promise<Upload> {
  const fileField = options.fileField ?? 'file';
  const { file, fields } = await readForm(req, options);
  if (!file) throw UPLOAD_ERRORS.error('UPLOAD_FILE_REQUIRED', fileField).with(fileDetail('berkas wajib diunggah'));
  return { file, fields };
}
