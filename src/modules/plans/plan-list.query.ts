import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { pageOf } from '../../common/pagination/page-query.dto';
import { Where } from '../../database/sql-where';

export interface PlanListRow {
  id: string;
  kelurahan_code: string;
  kelurahan_name: string;
  year: number;
  version: number;
  status: string;
  total: string;
  allocation: string | null;
  in_force_version: number | null;
  in_force_total: string | null;
  submitted_at: Date | null;
}

export interface PlanListFilter {
  kelurahan?: string;
  region?: string;
  year?: number;
  status?: string;
  page?: number;
  pageSize?: number;
}

/** The plan list: each plan with its latest version, the kelurahan's name, its pagu and the version in force. */
@Injectable()
export class PlanListQuery {
  constructor(private readonly db: DataSource) {}

  /** Plans in the user's scope with their latest version, the kelurahan's name, its pagu and the version in force. */
  async list(user: AuthUser, f: PlanListFilter): Promise<{ rows: PlanListRow[]; total: number }> {
    const w = new Where()
      .scope(user, 'p.kelurahan_code')
      .andIf(f.kelurahan, 'p.kelurahan_code = ?')
      .andIf(f.year, 'p.year = ?')
      .andIf(f.status, 'v.status = ?');
    if (f.region) w.within('p.kelurahan_code', f.region);
    const from = `FROM plan p JOIN plan_version v ON v.plan_id = p.id AND v.version = p.latest_version`;
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n ${from} WHERE ${w.sql}`, w.params);
    const { limit, offset } = pageOf(f);
    const rows: PlanListRow[] = await this.db.query(
      `SELECT p.id, p.kelurahan_code, r.name AS kelurahan_name, p.year, v.version, v.status, v.total, a.amount AS allocation,
              p.in_force_version, f.total AS in_force_total, v.submitted_at
       ${from} JOIN region r ON r.code = p.kelurahan_code
         LEFT JOIN allocation a ON a.kelurahan_code = p.kelurahan_code AND a.year = p.year
         LEFT JOIN plan_version f ON f.plan_id = p.id AND f.version = p.in_force_version
       WHERE ${w.sql}
       ORDER BY p.year DESC, p.kelurahan_code LIMIT ${w.param(limit)} OFFSET ${w.param(offset)}`,
      w.params,
    );
    return { rows, total: n };
  }
}
