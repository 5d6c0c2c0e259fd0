import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { isUuid } from '../../common/ids/uuid';
import { pageOf } from '../../common/pagination/page-query.dto';
import { Where } from '../../database/sql-where';
import type { ListSpendingQueryDto } from './spending.dto';
import type { SpendingRow } from './spending.mapper';

// The columns every read of the ledger selects (alias e = the entry, r = its reversal, u = its author).
const SPENDING_COLUMNS = `e.id, e.seq, e.plan_line_id, e.plan_id, e.kelurahan_code, e.year, e.category,
  e.spent_on::text AS date, e.amount, e.description, e.payee, e.evidence_no, e.reverses_id, r.id AS reversed_by_id,
  e.reason, e.created_at, e.created_by, u.full_name AS created_by_name, e.method, e.account_code`;
const SPENDING_FROM = `spending_entry e
  LEFT JOIN spending_entry r ON r.reverses_id = e.id
  LEFT JOIN app_user u ON u.id = e.created_by`;

/** Reads of the ledger as the API shows it: each entry with its reversal and its author's name. */
@Injectable()
export class SpendingRepository {
  constructor(private readonly db: DataSource) {}

  async find(id: string, m: EntityManager = this.db.manager): Promise<SpendingRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row]: SpendingRow[] = await m.query(`SELECT ${SPENDING_COLUMNS} FROM ${SPENDING_FROM} WHERE e.id = $1`, [id]);
    return row;
  }

  async list(user: AuthUser, q: ListSpendingQueryDto): Promise<{ rows: SpendingRow[]; total: number }> {
    const w = new Where().scope(user, 'e.kelurahan_code');
    if (q.region !== undefined) w.within('e.kelurahan_code', q.region);
    w.andIf(q.year, 'e.year = ?').andIf(q.from, 'e.spent_on >= ?::date').andIf(q.to, 'e.spent_on <= ?::date').andIf(q.planLineId, 'e.plan_line_id = ?');
    if (q.kind === 'entries') w.and('e.reverses_id IS NULL');
    if (q.kind === 'reversals') w.and('e.reverses_id IS NOT NULL');
    const { limit, offset } = pageOf(q);
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM spending_entry e WHERE ${w.sql}`, w.params);
    // Newest first, as a bendahara reads the book; seq breaks ties in booking order.
    const rows: SpendingRow[] = await this.db.query(
      `SELECT ${SPENDING_COLUMNS} FROM ${SPENDING_FROM} WHERE ${w.sql}
       ORDER BY e.spent_on DESC, e.seq DESC LIMIT ${w.param(limit)} OFFSET ${w.param(offset)}`,
      w.params,
    );
    return { rows, total: n };
  }
}
