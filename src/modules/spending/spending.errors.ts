import { defineErrors } from '../../common/errors/catalogue';
import { formatRupiah } from '../../common/money/rupiah';

export const SPENDING_ERRORS = defineErrors({
  SPENDING_NOT_FOUND: { status: 404, message: 'Entri realisasi tidak ditemukan' },
  SPENDING_LINE_NOT_FOUND: { status: 404, message: 'Baris rencana tidak ditemukan' },
  SPENDING_PLAN_NOT_APPROVED: {
    status: 409,
    message: (why: 'plan' | 'line') =>
      why === 'plan'
        ? 'Rencana kegiatan baris ini belum disetujui camat; realisasi belum dapat dicatat'
        : 'Baris ini tidak termasuk rencana versi yang berlaku (belum disetujui camat); realisasi belum dapat dicatat',
  },
  SPENDING_EXCEEDS_LINE: {
    status: 422,
    message: (amount: number, left: number, budget: number) =>
      `Jumlah ${formatRupiah(amount)} melebihi sisa anggaran baris ini (${formatRupiah(left)} dari pagu baris ${formatRupiah(budget)})`,
  },
  SPENDING_ALREADY_REVERSED: { status: 409, message: 'Entri ini sudah dibatalkan sebelumnya; pembatalan hanya boleh sekali' },
  SPENDING_CANNOT_REVERSE_REVERSAL: {
    status: 409,
    message: 'Entri ini sendiri adalah pembatalan dan tidak dapat dibatalkan; catat entri baru bila perlu',
  },
});
