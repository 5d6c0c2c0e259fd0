import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { BookPeriodService } from '../books/book-period.service';
import { loadBooksSettings } from '../books/books-settings';
import { insufficientCash } from '../books/books.errors';
import { CashLedgerService } from '../books/cash-ledger.service';
import { netOutflow, paymentPostings, type PaymentMethod } from '../books/cash-postings';
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

export interface BookedPayment {
  taxes: TaxLine[];
  overdraft: { account: string; balance: number } | null;
}

const dateRefused = (message: string) => COMMON_ERRORS.error('VALIDATION_FAILED', ['date']).with([{ field: 'date', message }]);

/**
 * What a payment does to the bendahara's books, inside the payment's own transaction: the month must be open, the
 * nomor bukti free, the cash sufficient (when the Pemda refuses overdrafts), and its taxes and cash postings written.
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
   * Month open, cash locked and (refusing mode) sufficient; before the entry is written. The nomor bukti is claimed
   * with the entry (SpendingService.write), and `assertEvidenceNoFree` names its holder when that claim found one.
   */
  async beforePayment(m: EntityManager, p: Omit<PaymentBooking, 'entryId' | 'accountCode' | 'description'>, taxes: CheckedTax[]): Promise<void> {
    const balance = await this.periods.assertOpenAndLockCash(m, p.kelurahanCode, p.date, p.method);
    const needed = netOutflow({ amount: p.amount, taxes });
    if (p.method !== 'LS' && balance < needed && loadBooksSettings(p.kelurahanCode).cash.overdraft === 'refuse') {
      throw insufficientCash(p.method, balance, needed);
    }
  }

  /** Writes the tax lines and the BKU postings of a written entry. */
  async afterPayment(m: EntityManager, p: PaymentBooking, taxes: CheckedTax[]): Promise<BookedPayment> {
    const lines = await this.taxes.write(m, { id: p.entryId, kelurahanCode: p.kelurahanCode, year: p.year, date: p.date }, taxes);
    const moved = await this.cash.post(m, p.kelurahanCode, p.year, paymentPostings({
      entryId: p.entryId, date: p.date, method: p.method, amount: p.amount, evidenceNo: p.evidenceNo, accountCode: p.accountCode,
      description: p.description, taxes: lines,
    }));
    const after = moved[p.method];
    return { taxes: lines, overdraft: p.method !== 'LS' && after !== undefined && after < 0 ? { account: p.method, balance: after } : null };
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

  /** Refuses (409 naming the entry that holds it) a nomor bukti already held in the kelurahan and year. */
  async assertEvidenceNoFree(m: EntityManager, kelurahanCode: string, year: number, evidenceNo: string): Promise<void> {
    const [holder]: Array<{ id: string; date: string; evidence_no: string }> = await m.query(
      `SELECT e.id, e.spent_on::text AS date, e.evidence_no FROM spending_evidence_no n JOIN spending_entry e ON e.id = n.spending_entry_id
        WHERE n.kelurahan_code = $1 AND n.year = $2 AND n.evidence_key = $3`,
      [kelurahanCode, year, evidenceKey(evidenceNo)],
    );
    if (holder) {
      throw SPENDING_BOOKS_ERRORS.error('SPENDING_DUPLICATE_EVIDENCE_NO', holder.evidence_no, holder.date).with([
        { field: 'evidenceNo', message: `sudah dipakai entri ${holder.id}`, entryId: holder.id, date: holder.date },
      ]);
    }
  }
}
