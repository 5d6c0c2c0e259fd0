import { defineErrors } from '../../common/errors/catalogue';
import { formatRupiah } from '../../common/money/rupiah';

export const ALLOCATION_ERRORS = defineErrors({
  ALLOCATION_BELOW_COMMITTED: {
    status: 422,
    message: (source: string, requested: number, approved: number, spent: number) =>
      `Pagu sumber dana ${source} tidak boleh ${formatRupiah(requested)}: rencana yang berlaku sudah memakai ${formatRupiah(approved)} ` +
      `dan realisasinya ${formatRupiah(spent)}`,
  },
});
