import { pageOf } from '../../common/pagination/page-query.dto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { badRequest, conflict, notFound, unprocessable } from '../../common/errors/app-error';
import { formatRupiah } from '../../common/money/rupiah';
import { RegionScopeService } from '../regions/region-scope.service';
import { Answer, MutationRunner, Mutation } from '../../database/mutation-runner';
import { SpendingBooks, type PaymentBooking } from './spending-books';
import { monthOf, spendingDateProblem, todayIso } from './spending-date';
import { ListSpendingQueryDto, RecordSpendingDto, ReverseSpendingDto, SpendingEntryDto, SpendingPageDto } from './spending.dto';
import { money, reorderSpendingEntry, SPENDING_COLUMNS, SPENDING_FROM, SpendingRow, toSpendingEntry, toTaxView } from './spending.mapper';
import { TaxService } from '../books/tax.service';
import { CashLedgerService } from '../books/cash-ledger.service';
import type { PaymentMethod } from '../books/cash-postings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

const lineNotFound = () => notFound('SPENDING_LINE_NOT_FOUND', 'Baris rencana tidak ditemukan');
const entryNotFound = () => notFound('SPENDING_NOT_FOUND', 'Entri realisasi tidak ditemukan');

function dateRefused(message: string) {
  return badRequest('VALIDATION_FAILED', 'Data tidak valid: date', [{ field: 'date', message }]);
}

/**
 * The realisasi ledger. Every booking locks its plan line row (SELECT … FOR UPDATE), so writers on one line are
 * serialised across processes and no interleaving can overspend; the running totals move in the same transaction.
 */
@Injectable()
export class SpendingService {
  constructor(
    private readonly db: DataSource,
    private readonly scope: RegionScopeService,
    private readonly runner: MutationRunner,
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
    const params: unknown[] = [];
    const where = [this.scope.condition(user, 'e.kelurahan_code', params)];
    if (q.region !== undefined) {
      await this.assertRegion(user, q.region);
      params.push(q.region);
      where.push(`(e.kelurahan_code >= $${params.length} AND e.kelurahan_code < $${params.length} || '/')`);
    }
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      throw badRequest('VALIDATION_FAILED', 'Data tidak valid: from, to', [{ field: 'to', message: 'to tidak boleh sebelum from' }]);
    }
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.year !== undefined) add('e.year = ?', q.year);
    if (q.from !== undefined) add('e.spent_on >= ?::date', q.from);
    if (q.to !== undefined) add('e.spent_on <= ?::date', q.to);
    if (q.planLineId !== undefined) add('e.plan_line_id = ?', q.planLineId);
    if (q.kind === 'entries') where.push('e.reverses_id IS NULL');
    if (q.kind === 'reversals') where.push('e.reverses_id IS NOT NULL');
    const filter = where.join(' AND ');
    const { limit, offset } = pageOf(q);
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM spending_entry e WHERE ${filter}`, params);
    // Newest first, as a bendahara reads the book; seq breaks ties in booking order.
    const rows: SpendingRow[] = await this.db.query(
      `SELECT ${SPENDING_COLUMNS} FROM ${SPENDING_FROM} WHERE ${filter}
       ORDER BY e.spent_on DESC, e.seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: await this.withTaxes(rows), total: n };
  }

  async get(user: AuthUser, id: string): Promise<SpendingEntryDto> {
    const row = UUID.test(id) ? await this.findRow(this.db.manager, id) : undefined;
    if (!row || !this.scope.canAccess(user, row.kelurahan_code)) throw entryNotFound();
    return (await this.withTaxes([row]))[0];
  }

  /** The entries of a page with their tax lines and overdraft flags (one query each for the page). */
  async withTaxes(rows: SpendingRow[]): Promise<SpendingEntryDto[]> {
    const ids = rows.map((r) => r.id);
    const [lines, overdrafts] = await Promise.all([this.taxes.linesOf(ids), this.cash.overdrafts(ids)]);
    return rows.map((r) => ({ ...toSpendingEntry(r, (lines.get(r.id) ?? []).map(toTaxView)), overdraft: overdrafts.get(r.id) ?? null }));
  }

  private async book(m: EntityManager, user: AuthUser, dto: RecordSpendingDto): Promise<Mutation<SpendingEntryDto>> {
    const today = todayIso();
    if (dto.date > today) throw dateRefused(`date tidak boleh melewati hari ini (${today})`);
    const taxes = this.books.checkTaxes(dto.taxes, dto.date, dto.amount);
    const method: PaymentMethod = dto.method ?? 'TUNAI';

    // The row lock that serialises every writer on this line, across processes, until commit.
    const [line]: Array<{ id: string; plan_id: string; kelurahan_code: string; spent: string }> = await m.query(
      'SELECT id, plan_id, kelurahan_code, spent FROM plan_line WHERE id = $1 FOR UPDATE',
      [dto.planLineId],
    );
    if (!line || !this.scope.canAccess(user, line.kelurahan_code)) throw lineNotFound();

    // Read after the lock is held, so an approval committed meanwhile is seen.
    const [plan]: Array<{ year: number; in_force_version: number | null; budget: string | null; category: string | null; account_code: string | null }> = await m.query(
      `SELECT p.year, p.in_force_version, v.amount AS budget, v.category, v.account_code
         FROM plan p
         LEFT JOIN plan_line_version v ON v.plan_id = p.id AND v.version = p.in_force_version AND v.line_id = $2
        WHERE p.id = $1`,
      [line.plan_id, line.id],
    );
    const problem = spendingDateProblem(dto.date, plan.year, today);
    if (problem) throw dateRefused(problem);
    if (plan.in_force_version === null) {
      throw conflict('SPENDING_PLAN_NOT_APPROVED', 'Rencana kegiatan baris ini belum disetujui camat; realisasi belum dapat dicatat');
    }
    if (plan.budget === null || plan.category === null) {
      throw conflict('SPENDING_PLAN_NOT_APPROVED', 'Baris ini tidak termasuk rencana versi yang berlaku (belum disetujui camat); realisasi belum dapat dicatat');
    }

    const budget = money(plan.budget);
    const spent = money(line.spent);
    const remaining = budget - spent;
    if (dto.amount > remaining) {
      const left = Math.max(remaining, 0);
      const message = `Jumlah ${formatRupiah(dto.amount)} melebihi sisa anggaran baris ini (${formatRupiah(left)} dari pagu baris ${formatRupiah(budget)})`;
      throw unprocessable('SPENDING_EXCEEDS_LINE', message, [
        { field: 'amount', message: `sisa anggaran baris ${formatRupiah(left)}`, remaining: left, budget, spent },
      ]);
    }

    const payment = { kelurahanCode: line.kelurahan_code, year: plan.year, date: dto.date, method, amount: dto.amount, evidenceNo: dto.evidenceNo.trim() };
    await this.books.beforePayment(m, payment, taxes);
    const written = await this.write(m, {
      planLineId: line.id,
      planId: line.plan_id,
      kelurahanCode: line.kelurahan_code,
      year: plan.year,
      category: plan.category,
      date: dto.date,
      amount: dto.amount,
      description: dto.description.trim(),
      payee: dto.payee.trim(),
      evidenceNo: dto.evidenceNo.trim(),
      reversesId: null,
      reason: null,
      createdBy: user,
      method,
      accountCode: plan.account_code!,
    });
    const booked = await this.books.afterPayment(m, { ...payment, entryId: written.id, accountCode: written.accountCode, description: written.description }, taxes);
    const entry: SpendingEntryDto = { ...written, taxes: booked.taxes.map(toTaxView), overdraft: booked.overdraft };
    return {
      body: entry,
      audit: { actor: user, action: 'spending.record', entity: 'spending_entry', entityId: entry.id, regionCode: entry.kelurahanCode, after: entry },
    };
  }

  private async bookReversal(m: EntityManager, user: AuthUser, id: string, dto: ReverseSpendingDto): Promise<Mutation<SpendingEntryDto>> {
    const original = UUID.test(id) ? await this.findRow(m, id) : undefined;
    if (!original || !this.scope.canAccess(user, original.kelurahan_code)) throw entryNotFound();
    if (original.reverses_id !== null) {
      throw conflict('SPENDING_CANNOT_REVERSE_REVERSAL', 'Entri ini sendiri adalah pembatalan dan tidak dapat dibatalkan; catat entri baru bila perlu');
    }
    // Same lock as a booking: a reversal and a new entry on one line never interleave.
    await m.query('SELECT id FROM plan_line WHERE id = $1 FOR UPDATE', [original.plan_line_id]);
    const [already]: Array<{ id: string }> = await m.query('SELECT id FROM spending_entry WHERE reverses_id = $1', [id]);
    if (already) throw alreadyReversed(already.id);

    const amount = money(original.amount);
    const originalPayment: PaymentBooking = {
      entryId: original.id, kelurahanCode: original.kelurahan_code, year: original.year, date: original.date, method: original.method as PaymentMethod,
      amount, evidenceNo: original.evidence_no, accountCode: original.account_code, description: original.description,
    };
    const date = await this.books.reversalDate(m, { kelurahanCode: original.kelurahan_code, year: original.year, date: original.date }, dto.date);
    await this.books.beforeReversal(m, originalPayment, date);
    let entry: SpendingEntryDto;
    try {
      entry = await this.write(m, {
        planLineId: original.plan_line_id,
        planId: original.plan_id,
        kelurahanCode: original.kelurahan_code,
        year: original.year,
        category: original.category,
        date,
        amount: -amount,
        description: `Pembatalan: ${original.description}`,
        payee: original.payee,
        evidenceNo: original.evidence_no,
        reversesId: original.id,
        reason: dto.reason.trim(),
        createdBy: user,
        method: original.method as PaymentMethod,
        accountCode: original.account_code,
      });
    } catch (e) {
      // The UNIQUE (reverses_id) constraint is the backstop should two reversals ever race past the check.
      if (e instanceof QueryFailedError && (e as { constraint?: string }).constraint === 'spending_entry_reverses_uq') throw alreadyReversed(null);
      throw e;
    }
    const reversedTaxes = await this.books.afterReversal(m, originalPayment, entry.id, date);
    entry = { ...entry, taxes: reversedTaxes.map(toTaxView) };
    const before = toSpendingEntry(original);
    return {
      body: entry,
      audit: {
        actor: user, action: 'spending.reverse', entity: 'spending_entry', entityId: original.id, regionCode: original.kelurahan_code,
        before, after: { ...before, reversedById: entry.id, reversal: entry }, reason: entry.reason,
      },
    };
  }

  /** Appends one ledger row and moves the line's running total and both month totals, in one statement. */
  // entry_count counts ledger rows, reversals included, so every total equals a plain count(*) / sum() over the ledger.
  private async write(m: EntityManager, w: LedgerWrite): Promise<SpendingEntryDto> {
    const month = monthOf(w.date);
    const [row]: SpendingRow[] = await m.query(
      `WITH e AS (
         INSERT INTO spending_entry (plan_line_id, plan_id, kelurahan_code, year, category, spent_on, amount, description, payee,
                                     evidence_no, reverses_id, reason, created_by, method, account_code)
         VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12, $13, $16, $17)
         RETURNING *
       ), line AS (
         UPDATE plan_line SET spent = spent + $7, entry_count = entry_count + 1 WHERE id = $1
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
    return toSpendingEntry(row);
  }

  private async findRow(m: EntityManager, id: string): Promise<SpendingRow | undefined> {
    const [row]: SpendingRow[] = await m.query(`SELECT ${SPENDING_COLUMNS} FROM ${SPENDING_FROM} WHERE e.id = $1`, [id]);
    return row;
  }

  private async assertRegion(user: AuthUser, code: string): Promise<void> {
    const rows = this.scope.canAccess(user, code) ? await this.db.query('SELECT 1 FROM region WHERE code = $1', [code]) : [];
    if (!rows.length) throw notFound('REGION_NOT_FOUND', 'Wilayah tidak ditemukan');
  }
}

function alreadyReversed(reversedById: string | null) {
  return conflict('SPENDING_ALREADY_REVERSED', 'Entri ini sudah dibatalkan sebelumnya; pembatalan hanya boleh sekali', reversedById
    ? [{ field: 'id', message: 'sudah ada entri pembatalan', reversedById }]
    : []);
}
