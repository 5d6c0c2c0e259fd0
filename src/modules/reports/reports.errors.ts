import { defineErrors } from '../../common/errors/catalogue';

export const REPORT_ERRORS = defineErrors({
  REPORT_REGION_REQUIRED: { status: 400, message: 'Laporan PDF dibuat per wilayah: isi parameter region' },
  REPORT_JOB_NOT_FOUND: { status: 404, message: 'Pekerjaan laporan tidak ditemukan' },
  // The render failed (after its retries) or its file is gone: nothing the client sent is wrong, it may ask again.
  REPORT_JOB_FAILED: { status: 422, message: 'Laporan gagal dibuat; silakan minta ulang' },
});
