import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { invalidField } from '../../common/errors/validation';
import { isUuid } from '../../common/ids/uuid';
import { formatRupiah } from '../../common/money/rupiah';
import { Answer, Mutation, MutationRunner, type OneStatement } from '../../database/mutation-runner';
import { pgCode, violatedConstraint } from '../../database/pg-errors';
import { PlanLedgerService } from '../plans/plan-ledger.service';
import { RegionScopeService } from '../regions/region-scope.service';
import { RegionsService } from '../regions/regions.service';
import { loadBooksSettings } from '../books/books-settings';
import { insufficientCash, periodClosed } from '../books/books.errors';
import { paymentPostings, type PaymentMethod } from '../books/cash-postings';
import { CashLedgerService } from '../books/cash-ledger.service';
import { TaxService } from '../books/tax.service';
import { duplicateEvidenceNo, evidenceKey, SpendingBooks, type PaymentBooking } from './spending-books';
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
    const answer = await this.runner.runStatement(user, this.payment(user, dto), { idempotency });
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

  /**
   * A payment as one statement: spending_pay (migration 1765800000000) locks the line and reads its budget after the
   * lock, takes the month's share lock and the cash account's row lock, and writes the entry, its totals, nomor bukti,
   * tax lines and postings, answering the entry; its audit event is appended after it in the same statement. Each
   * refusal raises and so undoes the statement. The ids are made here, so the postings (cash-postings.ts) are too.
   */
  private payment(user: AuthUser, dto: RecordSpendingDto): OneStatement<SpendingEntryDto> {
    const today = todayIso();
    if (dto.date > today) throw dateRefused(`date tidak boleh melewati hari ini (${today})`);
    const taxes = this.books.checkTaxes(dto.taxes, dto.date, dto.amount);
    const method: PaymentMethod = dto.method ?? 'TUNAI';
    if (!isUuid(dto.planLineId)) throw SPENDING_ERRORS.error('SPENDING_LINE_NOT_FOUND');

    const id = randomUUID();
    const taxLines = taxes.map((t) => ({ id: randomUUID(), ...t }));
    const description = dto.description.trim();
    const evidenceNo = dto.evidenceNo.trim();
    // The account code is the line's, which spending_pay reads under the lock and gives every posting.
    const postings = paymentPostings({ entryId: id, date: dto.date, method, amount: dto.amount, evidenceNo, accountCode: '', description, taxes: taxLines })
      .map((p) => ({ posted_on: p.date, account: p.account, kind: p.kind, amount: p.amount, tax_line_id: p.taxLineId ?? null, reference_no: p.referenceNo, description: p.description }));
    return {
      sql: `SELECT e AS body, e->>'id' AS entity_id, e->>'kelurahanCode' AS region_code, NULL::jsonb AS before, e AS after, NULL::text AS reason
              FROM spending_pay($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16::jsonb) AS e`,
      params: [
        id, dto.planLineId, user.regionCode, user.regionCode === null && user.role === 'admin', dto.date, dto.amount, description, dto.payee.trim(),
        evidenceNo, evidenceKey(evidenceNo), method, user.id, user.fullName, refusesOverdraft(user), JSON.stringify(taxLines), JSON.stringify(postings),
      ],
      action: 'spending.record',
      entity: 'spending_entry',
      answer: (body) => body as SpendingEntryDto,
      refusal: (e) => paymentRefusal(e, dto, method, today),
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

  /** Appends one reversing ledger row and moves both month totals in one statement, then the line's running total (through plans). */
  // entry_count counts ledger rows, reversals included, so every total equals a plain count(*) / sum() over the ledger.
  private async write(m: EntityManager, w: LedgerWrite): Promise<{ entry: SpendingEntryDto }> {
    const month = monthOf(w.date);
    const [row]: SpendingRow[] = await m.query(
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
       )
       SELECT e.id, e.seq, e.plan_line_id, e.plan_id, e.kelurahan_code, e.year, e.category, e.spent_on::text AS date, e.amount,
              e.description, e.payee, e.evidence_no, e.reverses_id, NULL::uuid AS reversed_by_id, e.reason, e.created_at,
              e.created_by, $15::text AS created_by_name, e.method, e.account_code
         FROM e`,
      [
        w.planLineId, w.planId, w.kelurahanCode, w.year, w.category, w.date, w.amount, w.description, w.payee, w.evidenceNo,
        w.reversesId, w.reason, w.createdBy.id, month, w.createdBy.fullName, w.method, w.accountCode,
      ],
    );
    await this.lines.addToSpent(m, w.planLineId, w.amount);
    return { entry: toSpendingEntry(row) };
  }
}

/** Whether the Pemda of the actor's kelurahan refuses a payment larger than the cash (lurah and bendahara belong to one). */
function refusesOverdraft(user: AuthUser): boolean {
  if (user.regionCode === null || user.regionCode.length < 5) throw new Error('a payment is booked by a user of a kelurahan');
  return loadBooksSettings(user.regionCode).cash.overdraft === 'refuse';
}

/** The answer to a refusal raised by spending_pay (SQLSTATE DKREF), as the booking gave it statement by statement. */
function paymentRefusal(e: unknown, dto: RecordSpendingDto, method: PaymentMethod, today: string): AppError | undefined {
  if (pgCode(e) !== 'DKREF') return undefined;
  const kind = (e as { message: string }).message;
  const d = JSON.parse((e as { detail?: string }).detail || '{}') as Record<string, string | number>;
  switch (kind) {
    case 'SPENDING_LINE_NOT_FOUND':
      return SPENDING_ERRORS.error('SPENDING_LINE_NOT_FOUND');
    case 'SPENDING_DATE_YEAR':
      return dateRefused(spendingDateProblem(dto.date, Number(d.year), today) ?? `date harus di dalam tahun anggaran ${d.year}`);
    case 'SPENDING_PLAN_NOT_APPROVED':
      return SPENDING_ERRORS.error('SPENDING_PLAN_NOT_APPROVED', d.field as 'plan' | 'line');
    case 'SPENDING_EXCEEDS_LINE': {
      const budget = Number(d.budget);
      const spent = Number(d.spent);
      const left = Math.max(budget - spent, 0);
      return SPENDING_ERRORS.error('SPENDING_EXCEEDS_LINE', dto.amount, left, budget).with([
        { field: 'amount', message: `sisa anggaran baris ${formatRupiah(left)}`, remaining: left, budget, spent },
      ]);
    }
    case 'PERIOD_CLOSED':
      return periodClosed(Number(d.year), Number(d.month), 'date');
    case 'BOOKS_INSUFFICIENT_CASH':
      return insufficientCash(method, Number(d.balance), Number(d.needed));
    case 'SPENDING_DUPLICATE_EVIDENCE_NO':
      return duplicateEvidenceNo({ id: String(d.id), date: String(d.date), evidence_no: String(d.evidenceNo) });
    default:
      return undefined;
  }
}

function alreadyReversed(reversedById: string | null) {
  const e = SPENDING_ERRORS.error('SPENDING_ALREADY_REVERSED');
  return reversedById ? e.with([{ field: 'id', message: 'sudah ada entri pembatalan', reversedById }]) : e;
}
