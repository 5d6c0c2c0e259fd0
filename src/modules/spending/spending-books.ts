import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { BookPeriodService } from '../books/book-period.service';
import { CashLedgerService } from '../books/cash-ledger.service';
import { paymentPostings, type PaymentMethod } from '../books/cash-postings';
import { TaxService, type CheckedTax, type TaxLine } from '../books/tax.service';
import type { TaxLineInputDto } from './spending.dto';
import { SPENDING_BOOKS_ERRORS } from './spending-books.errors';
import { todayIso } from './spending-date';

/** The nomor bukti as compared for uniqueness: trimmed, inner spaces collapsed, upper case. */
export const evidenceKey = (evidenceNo: string) => evidenceNo.trim().replace(/\s+/g, ' ').toUpperCase();

export interface PaymentBooking {
  entryId: string;
  kelurahanCode: string;
  year: number;
  date: string;
  method: PaymentMethod;
  amount: number;
  evidenceNo: string;
  accountCode: string;
  description: string;
}

const dateRefused = (message: string) => COMMON_ERRORS.error('VALIDATION_FAILED', ['date']).with([{ field: 'date', message }]);

/**
 * What a payment's taxes must be, and what a reversal does to the bendahara's books inside its transaction. A payment
 * itself is booked in one statement (spending_pay, migration 1765800000000), whose books parts, the SQL functions
 * books_payment_open and books_payment_post, make the same checks and take the same locks.
 * Locks, in this order everywhere: plan line (taken by the caller), month, cash account, tax positions.
 */
@Injectable()
export class SpendingBooks {
  constructor(
    private readonly periods: BookPeriodService,
    private readonly cash: CashLedgerService,
    private readonly taxes: TaxService,
  ) {}

  checkTaxes(taxes: TaxLineInputDto[] | undefined, date: string, amount: number): CheckedTax[] {
    return this.taxes.check(taxes, date, amount);
  }

  /**
   * The date of a reversal: as asked (not before the original, in its year, not in the future, its month open), or by
   * default the original's date while its month is open, else today (kept inside the year).
   */
  async reversalDate(m: EntityManager, original: { kelurahanCode: string; year: number; date: string }, asked: string | undefined): Promise<string> {
    const today = todayIso();
    if (asked !== undefined) {
      if (asked < original.date) throw dateRefused(`date tidak boleh sebelum tanggal entri asal (${original.date})`);
      if (Number(asked.slice(0, 4)) !== original.year) throw dateRefused(`date harus di dalam tahun anggaran ${original.year}`);
      if (asked > today) throw dateRefused(`date tidak boleh melewati hari ini (${today})`);
      return asked;
    }
    if (!(await this.periods.isClosed(m, original.kelurahanCode, original.date))) return original.date;
    const last = `${original.year}-12-31`;
    return today > last ? last : today;
  }

  /** Month of the reversal open and the cash account locked, before the reversing entry is written. */
  async beforeReversal(m: EntityManager, original: PaymentBooking, date: string): Promise<void> {
    await this.periods.assertOpenAndLockCash(m, original.kelurahanCode, date, original.method);
  }

  /** The nomor bukti released for a corrected entry, the taxes reversed and the postings undone, dated `date`. */
  async afterReversal(m: EntityManager, original: PaymentBooking, reversalId: string, date: string): Promise<TaxLine[]> {
    await m.query('DELETE FROM spending_evidence_no WHERE spending_entry_id = $1', [original.entryId]);
    const reversal = { id: reversalId, kelurahanCode: original.kelurahanCode, year: original.year, date };
    const lines = await this.taxes.reverse(m, original.entryId, reversal);
    await this.cash.post(m, original.kelurahanCode, original.year, paymentPostings({
      entryId: reversalId, date, method: original.method, amount: -original.amount, evidenceNo: original.evidenceNo,
      accountCode: original.accountCode, description: `Pembatalan: ${original.description}`, taxes: lines,
    }));
    return lines;
  }
}

/** 409: the nomor bukti is held by another entry of the kelurahan and year (named, with its date). */
export function duplicateEvidenceNo(holder: { id: string; date: string; evidence_no: string }) {
  return SPENDING_BOOKS_ERRORS.error('SPENDING_DUPLICATE_EVIDENCE_NO', holder.evidence_no, holder.date).with([
    { field: 'evidenceNo', message: `sudah dipakai entri ${holder.id}`, entryId: holder.id, date: holder.date },
  ]);
}
