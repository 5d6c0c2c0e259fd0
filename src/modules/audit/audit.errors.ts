import { defineErrors } from '../../common/errors/catalogue';

export const AUDIT_ERRORS = defineErrors({
  AUDIT_RANGE_INVALID: { status: 400, message: 'Tanggal "from" tidak boleh sesudah tanggal "to"' },
});
