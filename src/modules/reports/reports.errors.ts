import { defineErrors } from '../../common/errors/catalogue';

export const REPORT_ERRORS = defineErrors({
  REPORT_REGION_REQUIRED: { status: 400, message: 'Laporan PDF dibuat per wilayah: isi parameter region' },
});
