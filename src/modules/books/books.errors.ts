import { AppError, ErrorDetail } from '../../common/errors/app-error';
import { formatRupiah } from '../../common/money/rupiah';

// The books' refusals, each code with its one HTTP status.
export const BOOKS_ERRORS = {
  PERIOD_CLOSED: 409,
  BOOKS_INSUFFICIENT_CASH: 422,
  BOOKS_TAX_EXCEEDS_WITHHELD: 422,
  BOOKS_TAX_ALREADY_DEPOSITED: 409,
  BOOKS_UNBALANCED: 422,
  BOOKS_PERIOD_NOT_CLOSED: 409,
  BOOKS_PERIOD_ALREADY_CLOSED: 409,
  BOOKS_DUPLICATE_DOCUMENT: 409,
  BOOKS_DUPLICATE_NTPN: 409,
  BOOKS_KELURAHAN_NOT_FOUND: 404,
} as const;
export type BooksErrorCode = keyof typeof BOOKS_ERRORS;

export function booksError(code: BooksErrorCode, message: string, details: ErrorDetail[] = []): AppError {
  return new AppError(BOOKS_ERRORS[code], code, message, details);
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
export const monthName = (month: number) => MONTHS[month - 1];

export const periodClosed = (year: number, month: number, field = 'date') =>
  booksError('PERIOD_CLOSED', `Buku bulan ${monthName(month)} ${year} sudah ditutup; transaksi bertanggal di bulan itu tidak diterima`, [
    { field, message: `bulan ${monthName(month)} ${year} sudah ditutup (tutup buku)`, year, month },
  ]);

export const insufficientCash = (account: string, balance: number, needed: number) =>
  booksError('BOOKS_INSUFFICIENT_CASH', `Saldo kas ${account.toLowerCase()} ${formatRupiah(balance)} tidak cukup untuk pengeluaran ${formatRupiah(needed)}`, [
    { field: 'amount', message: `saldo ${account.toLowerCase()} ${formatRupiah(balance)}`, account, balance, needed },
  ]);

export const kelurahanNotFound = () => booksError('BOOKS_KELURAHAN_NOT_FOUND', 'Kelurahan tidak ditemukan');
