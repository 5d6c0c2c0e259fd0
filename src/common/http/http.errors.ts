import { defineErrors } from '../errors/catalogue';

/** Refusals of the request itself, before any module sees it, and of work the server bounds. */
export const HTTP_ERRORS = defineErrors({
  BODY_TOO_DEEP: { status: 400, message: (limit: number) => `Isi permintaan bersarang terlalu dalam (paling banyak ${limit} tingkat)` },
  INVALID_JSON: { status: 400, message: 'Isi permintaan bukan JSON yang sah' },
  TEXT_NOT_UTF8: { status: 400, message: 'Berkas harus berenkode UTF-8' },
  BAD_URL: { status: 400, message: 'Alamat tidak sah' },
  URI_TOO_LONG: { status: 414, message: 'Alamat terlalu panjang' },
  QUERY_TIMEOUT: { status: 503, message: 'Laporan ini terlalu berat untuk dibuat sekarang; persempit wilayah atau periode, atau coba lagi nanti' },
  CLIENT_CLOSED_REQUEST: { status: 400, message: 'Permintaan dibatalkan oleh klien' },
  SERVER_BUSY: { status: 503, message: 'Server sedang sibuk membuat dokumen lain; coba lagi sebentar lagi' },
});
