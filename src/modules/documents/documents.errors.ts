import { defineErrors } from '../../common/errors/catalogue';

export const DOCUMENT_ERRORS = defineErrors({
  DOCUMENT_NOT_FOUND: { status: 404, message: (number: string) => `Dokumen ${number} tidak ditemukan` },
  DOCUMENT_FILE_REQUIRED: { status: 400, message: 'Unggah berkas PDF sebagai multipart/form-data pada kolom "file"' },
  DOCUMENT_TOO_LARGE: { status: 400, message: (mb: number) => `Berkas melebihi batas ${mb} MB` },
  DOCUMENT_NOT_PDF: { status: 400, message: 'Berkas bukan PDF' },
});
