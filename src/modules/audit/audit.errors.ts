import { defineErrors } from '../../common/errors/catalogue';

export const AUDIT_ERRORS = defineErrors({
  AUDIT_RANGE_INVALID: { status: 400, message: 'Tanggal "from" tidak boleh sesudah tanggal "to"' },
  AUDIT_CHAIN_INCONSISTENT: { status: 409, message: 'Rantai audit tidak utuh; checkpoint tidak ditandatangani. Jalankan verifikasi audit.' },
});
