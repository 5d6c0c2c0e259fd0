import { defineErrors } from '../errors/catalogue';

/** Refusals of a multipart upload, before anything about its content is known. */
export const UPLOAD_ERRORS = defineErrors({
  UPLOAD_FILE_REQUIRED: { status: 400, message: (field: string) => `Unggah berkas sebagai multipart/form-data pada kolom "${field}"` },
  UPLOAD_TOO_LARGE: { status: 413, message: (limit: string) => `Berkas melebihi batas ${limit}` },
  UPLOAD_TRUNCATED: { status: 400, message: 'Unggahan tidak lengkap (terputus sebelum selesai); ulangi unggahan' },
  UPLOAD_INVALID: { status: 400, message: 'Formulir unggahan berisi terlalu banyak bagian' },
  UPLOAD_EMPTY: { status: 400, message: 'Berkas kosong' },
});
