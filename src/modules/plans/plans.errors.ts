import { defineErrors } from '../../common/errors/catalogue';
import { formatRupiah } from '../../common/money/rupiah';

export const PLAN_ERRORS = defineErrors({
  PLAN_NOT_FOUND: { status: 404, message: 'Rencana tidak ditemukan' },
  PLAN_LINE_NOT_FOUND: { status: 404, message: 'Rincian rencana tidak ditemukan pada versi terbaru' },
  PLAN_EXISTS: {
    status: 409,
    message: (year: number) => `Rencana kelurahan ini untuk tahun ${year} sudah ada; buka rencana tersebut atau ajukan perubahan`,
  },
  PLAN_INVALID_TRANSITION: { status: 409, message: (why: string) => why },
  PLAN_EMPTY: { status: 422, message: 'Rencana belum memiliki rincian kegiatan; tambahkan minimal satu rincian sebelum diajukan' },
  PLAN_NO_ALLOCATION: {
    status: 422,
    message: (year: number, total: number) =>
      `Pagu kelurahan untuk tahun ${year} belum ditetapkan; rencana sebesar ${formatRupiah(total)} belum dapat diajukan atau disetujui`,
  },
  PLAN_OVER_ALLOCATION: {
    status: 422,
    message: (total: number, allocation: number) =>
      `Total rencana ${formatRupiah(total)} melebihi pagu ${formatRupiah(allocation)} (selisih ${formatRupiah(total - allocation)})`,
  },
  LINE_BELOW_SPENT: {
    status: 422,
    message: (description: string, amount: number, spent: number) =>
      `Anggaran rincian "${description}" tidak boleh kurang dari realisasi yang sudah tercatat: ${formatRupiah(amount)} < ${formatRupiah(spent)}`,
  },
  LINE_HAS_SPENDING: {
    status: 422,
    message: (description: string, spent: number) => `Rincian "${description}" sudah memiliki realisasi ${formatRupiah(spent)} dan tidak dapat dihapus`,
  },
});
