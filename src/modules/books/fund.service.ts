import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { MutationRunner } from '../../database/mutation-runner';
import { violatedConstraint } from '../../database/pg-errors';
import { todayIso } from '../spending/spending-date';
import { BookPeriodService } from './book-period.service';
import { BooksAccess } from './books-access';
import { loadBooksSettings } from './books-settings';
import { BOOKS_ERRORS, dateRefused, insufficientCash } from './books.errors';
import type { FundEntryDto, FundPageDto, RecordFundDto } from './books.dto';
import { CashLedgerService } from './cash-ledger.service';

interface FundRow {
  id: string;
  kelurahan_code: string;
  year: number;
  kind: string;
  account: string;
  entry_date: string;
  amount: string;
  document_no: string;
  document_date: string;
  description: string;
}

const COLUMNS = `id, kelurahan_code, year, kind, account, entry_date::text AS entry_date, amount, document_no, document_date::text AS document_date, description`;
const DEFAULT_TEXT: Record<string, string> = {
  UP: 'Penerimaan uang persediaan (UP)',
  GU: 'Penerimaan ganti uang persediaan (GU)',
  TU: 'Penerimaan tambahan uang persediaan (TU)',
  STS: 'Penyetoran sisa uang ke kas daerah (STS)',
};

const toDto = (r: FundRow, overdraft: FundEntryDto['overdraft'] = null): FundEntryDto => ({
  id: r.id, kelurahanCode: r.kelurahan_code, year: r.year, kind: r.kind, account: r.account, date: r.entry_date, amount: Number(r.amount),
  documentNo: r.document_no, documentDate: r.document_date, description: r.description, overdraft,
});

/** Money received by the bendahara pembantu (UP/GU/TU by SP2D) and returned to the kas daerah (STS). */
@Injectable()
export class FundService {
  constructor(
    private readonly db: DataSource,
    private readonly runner: MutationRunner,
    private readonly access: BooksAccess,
    private readonly cash: CashLedgerService,
    private readonly periods: BookPeriodService,
  ) {}

  async record(user: AuthUser, dto: RecordFundDto): Promise<FundEntryDto> {
    await this.access.kelurahan(user, dto.kelurahanCode);
    const today = todayIso();
    if (dto.date > today) throw dateRefused(`date tidak boleh melewati hari ini (${today})`);
    if (dto.documentDate > dto.date) throw dateRefused('documentDate tidak boleh sesudah date', 'documentDate');
    const year = Number(dto.date.slice(0, 4));
    const done = await this.runner.run(user, async (m) => {
      await this.periods.assertOpen(m, dto.kelurahanCode, dto.date);
      const balance = await this.cash.lockAccount(m, dto.kelurahanCode, year, dto.account);
      const out = dto.kind === 'STS';
      if (out && balance < dto.amount && loadBooksSettings(dto.kelurahanCode).cash.overdraft === 'refuse') {
        throw insufficientCash(dto.account, balance, dto.amount);
      }
      const row = await this.insert(m, user, dto, year);
      const moved = await this.cash.post(m, dto.kelurahanCode, year, [{
        date: dto.date, account: dto.account, kind: out ? 'FUND_RETURN' : 'FUND_IN', amount: out ? -dto.amount : dto.amount,
        fundEntryId: row.id, referenceNo: row.document_no, description: row.description,
      }]);
      const after = moved[dto.account] ?? 0;
      const body = toDto(row, after < 0 ? { account: dto.account, balance: after } : null);
      return { body, audit: { action: out ? 'books.fund.return' : 'books.fund.receive', entity: 'cash_fund_entry', entityId: row.id, regionCode: row.kelurahan_code, after: body } };
    });
    return done.body;
  }

  async list(user: AuthUser, kelurahanCode: string, year: number): Promise<FundPageDto> {
    await this.access.kelurahan(user, kelurahanCode);
    const rows: FundRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM cash_fund_entry WHERE kelurahan_code = $1 AND year = $2 ORDER BY entry_date, seq`,
      [kelurahanCode, year],
    );
    return { items: rows.map((r) => toDto(r)), total: rows.length };
  }

  private async insert(m: EntityManager, user: AuthUser, dto: RecordFundDto, year: number): Promise<FundRow> {
    try {
      const [row]: FundRow[] = await m.query(
        `INSERT INTO cash_fund_entry (kelurahan_code, year, kind, account, entry_date, amount, document_no, document_date, description, created_by)
         VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8::date, $9, $10) RETURNING ${COLUMNS}`,
        [dto.kelurahanCode, year, dto.kind, dto.account, dto.date, dto.amount, dto.documentNo.trim(), dto.documentDate,
          dto.description?.trim() || DEFAULT_TEXT[dto.kind], user.id],
      );
      return row;
    } catch (e) {
      if (violatedConstraint(e) === 'cash_fund_entry_document_uq') {
        throw BOOKS_ERRORS.error('BOOKS_DUPLICATE_DOCUMENT', dto.kind === 'STS' ? 'STS' : 'SP2D', dto.documentNo.trim()).with([
          { field: 'documentNo', message: 'nomor ini sudah dicatat' },
        ]);
      }
      throw e;
    }
  }
}
