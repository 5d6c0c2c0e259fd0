import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { invalidField } from '../../common/errors/validation';
import { formatRupiah } from '../../common/money/rupiah';
import { Answer, Mutation, MutationRunner } from '../../database/mutation-runner';
import { violatedConstraint } from '../../database/pg-errors';
import { PlanLedgerService } from '../plans/plan-ledger.service';
import { RegionScopeService } from '../regions/region-scope.service';
import { RegionsService } from '../regions/regions.service';
import type { PaymentMethod } from '../books/cash-postings';
import { CashLedgerService } from '../books/cash-ledger.service';
import { TaxService } from '../books/tax.service';
import { evidenceKey, SpendingBooks, type PaymentBooking } from './spending-books';
import { monthOf, spendingDateProblem, todayIso } from './spending-date';
import { ListSpendingQueryDto, RecordSpendingDto, ReverseSpendingDto, SpendingEntryDto, SpendingPageDto } from './spending.dto';
import { SPENDING_ERRORS } from './spending.errors';
import { reorderSpendingEntry, SpendingRow, toSpendingEntry, toTaxView } from './spending.mapper';
import { SpendingRepository } from './spending.repository';

interface LedgerWrite {
  planLineId: string;
  planId: string;
  kelurahanCode: string;
  year: number;
  category: string;
  date: string;
  amount: number;
  description: string;
  payee: string;
  evidenceNo: string;
  reversesId: string | null;
  reason: string | null;
  createdBy: AuthUser;
  method: PaymentMethod;
  accountCode: string;
  /** Claim the entry's nomor bukti in the same statement (a payment; a reversal claims none). */
  claimEvidenceNo: boolean;
  /** The line's running total already moved (PlanLedgerService.lockAndAdd); otherwise write() moves it. */
  spentMoved: boolean;
}

const dateRefused = (message: string) => invalidField('date', message);

/**
 * The realisasi ledger. Every booking locks its plan line through the plans module (SELECT … FOR UPDATE), so
 * writers on one line are serialised across processes and no interleaving can overspend; the running totals move
 * in the same transaction.
 */
@Injectable()
export class SpendingService {
  constructor(
    private readonly runner: MutationRunner,
    private readonly scope: RegionScopeService,
    private readonly regions: RegionsService,
    private readonly lines: PlanLedgerService,
    private readonly repo: SpendingRepository,
    private readonly books: SpendingBooks,
    private readonly taxes: TaxService,
    private readonly cash: CashLedgerService,
  ) {}

  async record(user: AuthUser, dto: RecordSpendingDto, idempotencyKey?: string): Promise<Answer<SpendingEntryDto>> {
    const idempotency = idempotencyKey === undefined ? undefined : { key: idempotencyKey, route: 'POST /api/spending', payload: dto };
    const answer = await this.runner.run(user, (m) => this.book(m, user, dto), { idempotency });
    return { ...answer, body: reorderSpendingEntry(answer.body) };
  }

  async reverse(user: AuthUser, id: string, dto: ReverseSpendingDto, idempotencyKey?: string): Promise<Answer<SpendingEntryDto>> {
    const route = `POST /api/spending/${id}/reverse`;
    const idempotency = idempotencyKey === undefined ? undefined : { key: idempotencyKey, route, payload: dto };
    const answer = await this.runner.run(user, (m) => this.bookReversal(m, user, id, dto), { idempotency });
    return { ...answer, body: reorderSpendingEntry(answer.body) };
  }

  async list(user: AuthUser, q: ListSpendingQueryDto): Promise<SpendingPageDto> {
    if (q.region !== undefined) await this.regions.assertVisible(user, q.region);
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      throw invalidField('to', 'to tidak boleh sebelum from', 'Data tidak valid: from, to');
    }
    const { rows, total } = await this.repo.list(user, q);
    return { items: await this.withBooks(rows), total };
  }

  async get(user: AuthUser, id: string): Promise<SpendingEntryDto> {
    const row = await this.repo.find(id);
    if (!row || !this.scope.canAccess(user, row.kelurahan_code)) throw SPENDING_ERRORS.error('SPENDING_NOT_FOUND');
    return (await this.withBooks([row]))[0];
  }

  /** The entries of a page with their tax lines and overdraft flags (one query each for the page). */
  private async withBooks(rows: SpendingRow[]): Promise<SpendingEntryDto[]> {
    const ids = rows.map((r) => r.id);
    const [lines, overdrafts] = await Promise.all([this.taxes.linesOf(ids), this.cash.overdrafts(ids)]);
    return rows.map((r) => ({ ...toSpendingEntry(r, (lines.get(r.id) ?? []).map(toTaxView)), overdraft: overdrafts.get(r.id) ?? null }));
  }

  private async book(m: EntityManager, user: AuthUser, dto: RecordSpendingDto): Promise<Mutation<SpendingEntryDto>> {
    const today = todayIso();
    if (dto.date > today) throw dateRefused(`date tidak boleh melewati hari ini (${today})`);
    const taxes = this.books.checkTaxes(dto.taxes, dto.date, dto.amount);
    const method: PaymentMethod = dto.method ?? 'TUNAI';

    // The row lock that serialises every writer on this line, across processes, until commit; the budget read after
    // it (an approval committed meanwhile is seen), and the line's running total moved when the amount fits, in one
    // round trip. Every refusal below rolls the move back with the transaction.
    const booking = await this.lines.lockAndAdd(m, dto.planLineId, dto.amount);
    if (!booking || !this.scope.canAccess(user, booking.line.kelurahanCode)) throw SPENDING_ERRORS.error('SPENDING_LINE_NOT_FOUND');
    const { line, budget: plan } = booking;
    const problem = spendingDateProblem(dto.date, plan.year, today);
    if (problem) throw dateRefused(problem);
    if (plan.inForceVersion === null) throw SPENDING_ERRORS.error('SPENDING_PLAN_NOT_APPROVED', 'plan');
    if (plan.budget === null || plan.category === null) throw SPENDING_ERRORS.error('SPENDING_PLAN_NOT_APPROVED', 'line');

    const { budget, category } = plan;
    const spent = line.spent;
    const remaining = budget - spent;
    if (dto.amount > remaining) {
      const left = Math.max(remaining, 0);
      throw SPENDING_ERRORS.error('SPENDING_EXCEEDS_LINE', dto.amount, left, budget).with([
        { field: 'amount', message: `sisa anggaran baris ${formatRupiah(left)}`, remaining: left, budget, spent },
      ]);
    }
    if (!booking.added) throw new Error(`plan_line_book did not move line ${line.id} for an amount within its budget`);

    // The books: month open, cash locked and sufficient (refusing mode), before the entry is written; the nomor bukti
    // is claimed with the entry, and a number already held refuses the whole booking.
    const payment = { kelurahanCode: line.kelurahanCode, year: plan.year, date: dto.date, method, amount: dto.amount, evidenceNo: dto.evidenceNo.trim() };
    await this.books.beforePayment(m, payment, taxes);
    const { entry: written, claimed } = await this.write(m, {
      planLineId: line.id,
      planId: line.planId,
      kelurahanCode: line.kelurahanCode,
      year: plan.year,
      category,
      date: dto.date,
      amount: dto.amount,
      description: dto.description.trim(),
      payee: dto.payee.trim(),
      evidenceNo: dto.evidenceNo.trim(),
      reversesId: null,
      reason: null,
      createdBy: user,
      method,
      accountCode: plan.accountCode!,
      claimEvidenceNo: true,
      spentMoved: true,
    });
    if (!claimed) await this.books.assertEvidenceNoFree(m, payment.kelurahanCode, payment.year, payment.evidenceNo);
    const booked = await this.books.afterPayment(m, { ...payment, entryId: written.id, accountCode: written.accountCode, description: written.description }, taxes);
    const entry: SpendingEntryDto = { ...written, taxes: booked.taxes.map(toTaxView), overdraft: booked.overdraft };
    return {
      body: entry,
      audit: { action: 'spending.record', entity: 'spending_entry', entityId: entry.id, regionCode: entry.kelurahanCode, after: entry },
    };
  }

  private async bookReversal(m: EntityManager, user: AuthUser, id: string, dto: ReverseSpendingDto): Promise<Mutation<SpendingEntryDto>> {
    const original = await this.repo.find(id, m);
    if (!original || !this.scope.canAccess(user, original.kelurahan_code)) throw SPENDING_ERRORS.error('SPENDING_NOT_FOUND');
    if (original.reverses_id !== null) throw SPENDING_ERRORS.error('SPENDING_CANNOT_REVERSE_REVERSAL');
    // Same lock as a booking: a reversal and a new entry on one line never interleave.
    await this.lines.lockLine(m, original.plan_line_id);
    const [already]: Array<{ id: string }> = await m.query('SELECT id FROM spending_entry WHERE reverses_id = $1', [id]);
    if (already) throw alreadyReversed(already.id);

    const before = toSpendingEntry(original);
    const originalPayment: PaymentBooking = {
      entryId: original.id, kelurahanCode: original.kelurahan_code, year: original.year, date: original.date, method: original.method as PaymentMethod,
      amount: before.amount, evidenceNo: original.evidence_no, accountCode: original.account_code, description: original.description,
    };
    const date = await this.books.reversalDate(m, { kelurahanCode: original.kelurahan_code, year: original.year, date: original.date }, dto.date);
    await this.books.beforeReversal(m, originalPayment, date);
    let entry: SpendingEntryDto;
    try {
      ({ entry } = await this.write(m, {
        planLineId: original.plan_line_id,
        planId: original.plan_id,
        kelurahanCode: original.kelurahan_code,
        year: original.year,
        category: original.category,
        date,
        amount: -before.amount,
        description: `Pembatalan: ${original.description}`,
        payee: original.payee,
        evidenceNo: original.evidence_no,
        reversesId: original.id,
        reason: dto.reason.trim(),
        createdBy: user,
        method: original.method as PaymentMethod,
        accountCode: original.account_code,
        claimEvidenceNo: false,
        spentMoved: false,
      }));
    } catch (e) {
      // The UNIQUE (reverses_id) constraint is the backstop should two reversals ever race past the check.
      if (violatedConstraint(e) === 'spending_entry_reverses_uq') throw alreadyReversed(null);
      throw e;
    }
    const reversedTaxes = await this.books.afterReversal(m, originalPayment, entry.id, date);
    entry = { ...entry, taxes: reversedTaxes.map(toTaxView) };
    return {
      body: entry,
      audit: {
        action: 'spending.reverse', entity: 'spending_entry', entityId: original.id, regionCode: original.kelurahan_code,
        before, after: { ...before, reversedById: entry.id, reversal: entry }, reason: entry.reason,
      },
    };
  }

  /**
   * Appends one ledger row, moves both month totals and (for a payment) claims its nomor bukti, in one statement; then
   * the line's running total (through plans) unless already moved. `claimed` is false when the number was already held.
   */
  // entry_count counts ledger rows, reversals included, so every total equals a plain count(*) / sum() over the ledger.
  private async write(m: EntityManager, w: LedgerWrite): Promise<{ entry: SpendingEntryDto; claimed: boolean }> {
    const month = monthOf(w.date);
    const [row]: Array<SpendingRow & { claimed: boolean }> = await m.query(
      `WITH e AS (
         INSERT INTO spending_entry (plan_line_id, plan_id, kelurahan_code, year, category, spent_on, amount, description, payee,
                                     evidence_no, reverses_id, reason, created_by, method, account_code)
         VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12, $13, $16, $17)
         RETURNING *
       ), line_month AS (
         INSERT INTO plan_line_month_total AS t (plan_line_id, month, amount, entry_count) VALUES ($1, $14, $7, 1)
         ON CONFLICT (plan_line_id, month) DO UPDATE SET amount = t.amount + EXCLUDED.amount, entry_count = t.entry_count + 1
       ), kelurahan_month AS (
         INSERT INTO kelurahan_month_total AS t (kelurahan_code, year, month, category, amount, entry_count) VALUES ($3, $4, $14, $5, $7, 1)
         ON CONFLICT (kelurahan_code, year, month, category) DO UPDATE SET amount = t.amount + EXCLUDED.amount, entry_count = t.entry_count + 1
       ), claim AS (
         INSERT INTO spending_evidence_no (kelurahan_code, year, evidence_key, spending_entry_id)
         SELECT e.kelurahan_code, e.year, $18, e.id FROM e WHERE $19::boolean
         ON CONFLICT DO NOTHING RETURNING spending_entry_id
       )
       SELECT e.id, e.seq, e.plan_line_id, e.plan_id, e.kelurahan_code, e.year, e.category, e.spent_on::text AS date, e.amount,
              e.description, e.payee, e.evidence_no, e.reverses_id, NULL::uuid AS reversed_by_id, e.reason, e.created_at,
              e.created_by, $15::text AS created_by_name, e.method, e.account_code, EXISTS (SELECT 1 FROM claim) AS claimed
         FROM e`,
      [
        w.planLineId, w.planId, w.kelurahanCode, w.year, w.category, w.date, w.amount, w.description, w.payee, w.evidenceNo,
        w.reversesId, w.reason, w.createdBy.id, month, w.createdBy.fullName, w.method, w.accountCode, evidenceKey(w.evidenceNo), w.claimEvidenceNo,
      ],
    );
    if (!w.spentMoved) await this.lines.addToSpent(m, w.planLineId, w.amount);
    return { entry: toSpendingEntry(row), claimed: row.claimed };
  }
}

function alreadyReversed(reversedById: string | null) {
  const e = SPENDING_ERRORS.error('SPENDING_ALREADY_REVERSED');
  return reversedById ? e.with([{ field: 'id', message: 'sudah ada entri pembatalan', reversedById }]) : e;
}
