import { defineErrors } from '../../common/errors/catalogue';

export const EVIDENCE_ERRORS = defineErrors({
  EVIDENCE_NOT_FOUND: { status: 404, message: 'Bukti tidak ditemukan' },
  EVIDENCE_TYPE_NOT_ALLOWED: { status: 400, message: 'Berkas bukti harus JPEG, PNG atau PDF (dibaca dari isinya, bukan dari namanya)' },
  EVIDENCE_NAME_MISMATCH: { status: 400, message: (name: string, actual: string) => `Nama berkas ${name} tidak sesuai isinya (${actual})` },
  EVIDENCE_UNREADABLE: { status: 400, message: 'Gambar tidak dapat dibaca (rusak atau terpotong)' },
  EVIDENCE_ALREADY_SUPERSEDED: { status: 409, message: 'Bukti ini sudah diganti sebelumnya; ganti bukti yang terbaru' },
  EVIDENCE_ON_REVERSAL: { status: 409, message: 'Entri pembatalan tidak memerlukan bukti; lampirkan bukti pada entri asalnya' },
});
