import { defineErrors } from './catalogue';

/** Refusals that belong to no module: input shape, sign-in, role, and the framework's own HTTP errors. */
export const COMMON_ERRORS = defineErrors({
  VALIDATION_FAILED: { status: 400, message: (fields: string[], summary?: string) => summary ?? `Data tidak valid: ${fields.join(', ')}` },
  YEAR_OUT_OF_RANGE: { status: 400, message: (first: number, last: number) => `Tahun anggaran harus antara ${first} dan ${last}` },
  BAD_REQUEST: { status: 400, message: 'Permintaan tidak valid' },
  UNAUTHORIZED: { status: 401, message: 'Sesi tidak valid atau sudah berakhir; silakan masuk kembali' },
  FORBIDDEN: { status: 403, message: 'Peran Anda tidak diizinkan melakukan tindakan ini' },
  FORBIDDEN_ROLE: { status: 403, message: (why?: string) => why ?? 'Peran Anda tidak diizinkan melakukan tindakan ini' },
  NOT_FOUND: { status: 404, message: 'Data tidak ditemukan' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Metode tidak diizinkan' },
  CONFLICT: { status: 409, message: 'Tindakan tidak sesuai dengan keadaan data saat ini' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'Idempotency-Key ini sudah dipakai untuk permintaan lain; gunakan kunci baru untuk transaksi baru',
  },
  CONCURRENT_UPDATE: { status: 409, message: 'Data sedang diubah pengguna lain; ulangi permintaan' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Berkas atau isi permintaan terlalu besar' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Jenis isi permintaan tidak didukung' },
  BUSINESS_RULE: { status: 422, message: 'Ditolak oleh aturan anggaran' },
  TOO_MANY_REQUESTS: {
    status: 429,
    message: (what?: 'login') => (what === 'login' ? 'Terlalu banyak percobaan masuk; tunggu sebentar lalu coba lagi' : 'Terlalu banyak percobaan; coba lagi nanti'),
  },
  INTERNAL_ERROR: { status: 500, message: 'Terjadi kesalahan pada server' },
});
