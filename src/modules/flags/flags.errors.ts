import { defineErrors } from '../../common/errors/catalogue';
import { formatRupiah } from '../../common/money/rupiah';

export const FLAG_ERRORS = defineErrors({
  FLAG_NOT_FOUND: { status: 404, message: 'Peringatan tidak ditemukan' },
  FLAG_ALREADY_RESOLVED: { status: 409, message: 'Peringatan ini sudah diselesaikan camat' },
  PRICE_ABOVE_CEILING: {
    status: 422,
    message: (description: string, unitPrice: number, ceiling: number, code: string) =>
      `Harga satuan rincian "${description}" ${formatRupiah(unitPrice)} melebihi batas tertinggi standar harga ${code} ${formatRupiah(ceiling)}; rencana belum dapat diajukan`,
  },
  PRICE_ESTIMATE_REASON_REQUIRED: {
    status: 422,
    message: (description: string, unitPrice: number, estimate: number, code: string) =>
      `Harga satuan rincian "${description}" ${formatRupiah(unitPrice)} di atas estimasi standar harga ${code} ${formatRupiah(estimate)}; berikan alasan sebelum mengajukan rencana`,
  },
  STANDARD_PRICE_CSV_INVALID: { status: 400, message: (why: string) => `Berkas standar harga tidak valid: ${why}` },
});
