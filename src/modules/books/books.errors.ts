import { defineErrors } from '../../common/errors/catalogue';
import { formatRupiah } from '../../common/money/rupiah';

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
export const monthName = (month: number) => MONTHS[month - 1];

/** The bendahara's books: cash, taxes, deposits and the monthly close. */
export const BOOKS_ERRORS = defineErrors({
  PERIOD_CLOSED: { status: 409, message: (year: number, month: number) => `Buku bulan ${monthName(month)} ${year} sudah ditutup; transaksi bertanggal di bulan itu tidak diterima` },
  BOOKS_INSUFFICIENT_CASH: { status: 422, message: (account: string, balance: number, needed: number) => `Saldo kas ${account.toLowerCase()} ${formatRupiah(balance)} tidak cukup untuk pengeluaran ${formatRupiah(needed)}` },
  BOOKS_TAX_EXCEEDS_WITHHELD: { status: 422, message: (label: string, outstanding: number) => `Setoran melebihi ${label} yang dipungut dan belum disetor (${formatRupiah(outstanding)})` },
  BOOKS_TAX_ALREADY_DEPOSITED: { status: 409, message: (label: string) => `${label} pembayaran ini sudah disetor; pembatalan akan membuat setoran melebihi pungutan` },
  BOOKS_UNBALANCED: { status: 422, message: (year: number, month: number) => `Buku bulan ${monthName(month)} ${year} belum seimbang; periksa sebelum tutup buku` },
  BOOKS_PERIOD_NOT_CLOSED: { status: 409, message: (year: number, month: number) => `Buku bulan ${monthName(month)} ${year} belum ditutup` },
  BOOKS_PERIOD_ALREADY_CLOSED: { status: 409, message: (year: number, month: number) => `Buku bulan ${monthName(month)} ${year} sudah ditutup` },
  BOOKS_DUPLICATE_DOCUMENT: { status: 409, message: (kind: string, no: string) => `Nomor ${kind} ${no} sudah dicatat untuk kelurahan dan tahun ini` },
  BOOKS_DUPLICATE_NTPN: { status: 409, message: (ntpn: string) => `NTPN ${ntpn} sudah dicatat pada setoran lain` },
  BOOKS_KELURAHAN_NOT_FOUND: { status: 404, message: 'Kelurahan tidak ditemukan' },
  BOOKS_DATE_REFUSED: { status: 400, message: (why: string) => `Data tidak valid: date (${why})` },
});

export const periodClosed = (year: number, month: number, field = 'date') =>
  BOOKS_ERRORS.error('PERIOD_CLOSED', year, month).with([
    { field, message: `bulan ${monthName(month)} ${year} sudah ditutup (tutup buku)`, year, month },
  ]);

export const insufficientCash = (account: string, balance: number, needed: number) =>
  BOOKS_ERRORS.error('BOOKS_INSUFFICIENT_CASH', account, balance, needed).with([
    { field: 'amount', message: `saldo ${account.toLowerCase()} ${formatRupiah(balance)}`, account, balance, needed },
  ]);

export const kelurahanNotFound = () => BOOKS_ERRORS.error('BOOKS_KELURAHAN_NOT_FOUND');

export const dateRefused = (why: string, field = 'date') => BOOKS_ERRORS.error('BOOKS_DATE_REFUSED', why).with([{ field, message: why }]);
