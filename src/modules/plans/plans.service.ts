import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError, conflict, ErrorDetail, notFound, unprocessable } from '../../common/errors/app-error';
import { validationFailed } from '../../common/errors/validation';
import { bigintMoneyTransformer, formatRupiah, MAX_RUPIAH } from '../../common/money/rupiah';
import { AuditService } from '../audit/audit.service';
import { parseFiscalYear } from '../allocations/fiscal-year';
import { pageOf } from '../../common/pagination/page-query.dto';
import { RegionScopeService } from '../regions/region-scope.service';
import { type Category, subKegiatanOf, type SubType, SUB_TYPE, subTypeBelongsTo } from '../reference/taxonomy';
import type {
  CreateLineDto,
  CreatePlanDto,
  DeletedLineDto,
  LineChangeDto,
  PersonDto,
  PlanDto,
  PlanLineDto,
  PlanListDto,
  PlanListQueryDto,
  PlanVersionDto,
  PlanVersionListDto,
  UpdateLineDto,
} from './plan.dto';
import { lineAmount, volumeToNumber } from './plan-line-amount';
import { decide, type PlanAction, type PlanStatus, type Transition } from './plan-workflow';

const money = (v: unknown): number => bigintMoneyTransformer.from(v) as number;
const iso = (v: Date | string | null): string | null => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PlanRow {
  id: string;
  kelurahan_code: string;
  year: number;
  latest_version: number;
  in_force_version: number | null;
  created_at: Date;
}

interface VersionRow {
  version: number;
  status: PlanStatus;
  total: string;
  total_sarpras: string;
  total_pemberdayaan: string;
  created_at: Date;
  created_by: string | null;
  submitted_at: Date | null;
  submitted_by: string | null;
  returned_at: Date | null;
  returned_by: string | null;
  return_reason: string | null;
  approved_at: Date | null;
  approved_by: string | null;
  superseded_at: Date | null;
}

interface LineRow {
  version: number;
  line_id: string;
  position: number;
  category: Category;
  sub_type: SubType;
  description: string;
  account_code: string;
  volume: string;
  unit: string;
  unit_price: string;
  amount: string;
  location: string | null;
  funding_source: string;
  spent: string;
}

/** The fields a line has in a version, as the versions listing compares them (semula/menjadi). */
const LINE_FIELDS = ['category', 'subType', 'description', 'accountCode', 'volume', 'unit', 'unitPrice', 'amount', 'location', 'fundingSource'] as const;

function toLine(r: LineRow): PlanLineDto {
  return {
    id: r.line_id,
    position: r.position,
    category: r.category,
    subType: r.sub_type,
    subKegiatanCode: subKegiatanOf(r.category).code,
    description: r.description,
    accountCode: r.account_code,
    volume: volumeToNumber(r.volume),
    unit: r.unit,
    unitPrice: money(r.unit_price),
    amount: money(r.amount),
    location: r.location,
    fundingSource: r.funding_source,
    spent: money(r.spent),
  };
}

const LINE_SELECT = `
  SELECT plv.version, plv.line_id, plv.position, plv.category, plv.sub_type, plv.description, plv.account_code, plv.volume,
         plv.unit, plv.unit_price, plv.amount, plv.location, plv.funding_source, pl.spent
  FROM plan_line_version plv JOIN plan_line pl ON pl.id = plv.line_id`;

interface Locked {
  plan: PlanRow;
  current: VersionRow;
}

/**
 * Plans of a kelurahan for a year: versions (the original and each perubahan), lines shared across versions,
 * and the approval workflow of plan-workflow.ts. Every mutation locks the plan row first, in one transaction.
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly scope: RegionScopeService,
  ) {}

  // ---------------------------------------------------------------- reads

  async get(user: AuthUser, id: string): Promise<PlanDto> {
    const plan = await this.findPlan(this.db.manager, user, id, false);
    return this.view(this.db.manager, plan);
  }

  async list(user: AuthUser, q: PlanListQueryDto): Promise<PlanListDto> {
    const params: unknown[] = [];
    const where = [this.scope.condition(user, 'p.kelurahan_code', params)];
    if (q.kelurahan) {
      params.push(q.kelurahan);
      where.push(`p.kelurahan_code = $${params.length}`);
    }
    if (q.region) {
      params.push(q.region);
      where.push(`(p.kelurahan_code >= $${params.length} AND p.kelurahan_code < $${params.length} || '/')`);
    }
    if (q.year !== undefined) {
      params.push(parseFiscalYear(q.year));
      where.push(`p.year = $${params.length}`);
    }
    if (q.status) {
      params.push(q.status);
      where.push(`v.status = $${params.length}`);
    }
    const from = `FROM plan p JOIN plan_version v ON v.plan_id = p.id AND v.version = p.latest_version WHERE ${where.join(' AND ')}`;
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n ${from}`, params);
    const { limit, offset } = pageOf(q);
    const rows: Array<{
      id: string; kelurahan_code: string; kelurahan_name: string; year: number; version: number; status: string; total: string;
      allocation: string | null; in_force_version: number | null; in_force_total: string | null; submitted_at: Date | null;
    }> = await this.db.query(
      `SELECT p.id, p.kelurahan_code, r.name AS kelurahan_name, p.year, v.version, v.status, v.total, a.amount AS allocation,
              p.in_force_version, f.total AS in_force_total, v.submitted_at
       ${from.replace('WHERE', `JOIN region r ON r.code = p.kelurahan_code
         LEFT JOIN allocation a ON a.kelurahan_code = p.kelurahan_code AND a.year = p.year
         LEFT JOIN plan_version f ON f.plan_id = p.id AND f.version = p.in_force_version
       WHERE`)}
       ORDER BY p.year DESC, p.kelurahan_code LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        kelurahanCode: r.kelurahan_code,
        kelurahanName: r.kelurahan_name,
        year: r.year,
        version: r.version,
        status: r.status,
        total: money(r.total),
        allocation: r.allocation === null ? null : money(r.allocation),
        inForceVersion: r.in_force_version,
        inForceTotal: r.in_force_total === null ? null : money(r.in_force_total),
        submittedAt: iso(r.submitted_at),
      })),
      total: n,
    };
  }

  async versions(user: AuthUser, id: string): Promise<PlanVersionListDto> {
    const m = this.db.manager;
    const plan = await this.findPlan(m, user, id, false);
    const versions: VersionRow[] = await m.query(`SELECT * FROM plan_version WHERE plan_id = $1 ORDER BY version`, [plan.id]);
    const lines: LineRow[] = await m.query(`${LINE_SELECT} WHERE plv.plan_id = $1 ORDER BY plv.version, plv.position`, [plan.id]);
    const people = await this.people(m, versions.flatMap((v) => [v.created_by, v.submitted_by, v.approved_by, v.returned_by]));
    const byVersion = new Map<number, PlanLineDto[]>();
    for (const l of lines) {
      const list = byVersion.get(l.version) ?? [];
      list.push(toLine(l));
      byVersion.set(l.version, list);
    }
    const person = (uid: string | null) => (uid ? people.get(uid) ?? null : null);
    const items = versions.map((v, i): PlanVersionDto => {
      const prev = i > 0 ? versions[i - 1] : null;
      return {
        version: v.version,
        status: v.status,
        total: money(v.total),
        totalSarpras: money(v.total_sarpras),
        totalPemberdayaan: money(v.total_pemberdayaan),
        inForce: plan.in_force_version === v.version,
        createdAt: iso(v.created_at)!,
        createdBy: person(v.created_by),
        submittedAt: iso(v.submitted_at),
        submittedBy: person(v.submitted_by),
        approvedAt: iso(v.approved_at),
        approvedBy: person(v.approved_by),
        returnedAt: iso(v.returned_at),
        returnedBy: person(v.returned_by),
        returnReason: v.return_reason,
        supersededAt: iso(v.superseded_at),
        replaces: prev ? prev.version : null,
        previousTotal: prev ? money(prev.total) : null,
        changes: prev ? diffLines(byVersion.get(prev.version) ?? [], byVersion.get(v.version) ?? []) : [],
      };
    });
    return { items, total: items.length };
  }

  // ---------------------------------------------------------------- plan and lines

  async create(user: AuthUser, dto: CreatePlanDto): Promise<PlanDto> {
    const year = parseFiscalYear(dto.year);
    const missing = () => notFound('KELURAHAN_NOT_FOUND', `Kelurahan dengan kode ${dto.kelurahanCode} tidak ditemukan`);
    if (!this.scope.canAccess(user, dto.kelurahanCode)) throw missing();
    const region = await this.db.query(`SELECT 1 FROM region WHERE code = $1 AND level = 'kelurahan'`, [dto.kelurahanCode]);
    if (!region.length) throw missing();
    const exists = async () => {
      const rows: Array<{ id: string }> = await this.db.query(`SELECT id FROM plan WHERE kelurahan_code = $1 AND year = $2`, [dto.kelurahanCode, year]);
      if (!rows.length) return null;
      return conflict('PLAN_EXISTS', `Rencana kelurahan ini untuk tahun ${year} sudah ada; buka rencana tersebut atau ajukan perubahan`, [
        { field: 'year', message: `rencana tahun ${year} sudah ada`, planId: rows[0].id },
      ]);
    };
    const already = await exists();
    if (already) throw already;
    try {
      return await this.db.transaction(async (m) => {
        const [plan]: PlanRow[] = await m.query(
          `INSERT INTO plan (kelurahan_code, year, latest_version, created_by) VALUES ($1, $2, 1, $3) RETURNING *`,
          [dto.kelurahanCode, year, user.id],
        );
        await m.query(`INSERT INTO plan_version (plan_id, version, status, created_by) VALUES ($1, 1, 'draft', $2)`, [plan.id, user.id]);
        const view = await this.view(m, plan);
        await this.audit.record(m, {
          actor: user, action: 'plan.create', entity: 'plan', entityId: plan.id, regionCode: plan.kelurahan_code,
          after: { kelurahanCode: plan.kelurahan_code, year, version: 1, status: 'draft' },
        });
        return view;
      });
    } catch (e) {
      // Two creates at once: the unique constraint decides, and the loser hears the same 409.
      if (e instanceof QueryFailedError && (e as unknown as { constraint?: string }).constraint === 'plan_kelurahan_year_uq') {
        throw (await exists()) ?? e;
      }
      throw e;
    }
  }

  async addLine(user: AuthUser, planId: string, dto: CreateLineDto): Promise<PlanLineDto> {
    return this.db.transaction(async (m) => {
      const { plan, current } = await this.lockAndCheck(m, user, planId, 'edit');
      checkSubType(dto.category as Category, dto.subType as SubType);
      const amount = amountOf(dto.volume, dto.unitPrice);
      const source = dto.fundingSource ?? (await this.allocationOf(m, plan))?.source ?? 'APBD';
      const [{ id }] = await m.query(
        `INSERT INTO plan_line (plan_id, kelurahan_code, year) VALUES ($1, $2, $3) RETURNING id`,
        [plan.id, plan.kelurahan_code, plan.year],
      );
      await m.query(
        `INSERT INTO plan_line_version (plan_id, version, line_id, position, category, sub_type, description, account_code, volume, unit,
                                        unit_price, amount, location, funding_source)
         SELECT $1, $2, $3, coalesce(max(position), 0) + 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
         FROM plan_line_version WHERE plan_id = $1 AND version = $2`,
        [plan.id, current.version, id, dto.category, dto.subType, dto.description.trim(), dto.accountCode, String(dto.volume), dto.unit,
          dto.unitPrice, amount, dto.location ?? null, source],
      );
      await this.recomputeTotals(m, plan.id, current.version);
      const line = await this.line(m, plan.id, current.version, id);
      await this.audit.record(m, {
        actor: user, action: 'plan.line.add', entity: 'plan_line', entityId: id, regionCode: plan.kelurahan_code,
        after: { planId: plan.id, version: current.version, ...line },
      });
      return line;
    });
  }

  async updateLine(user: AuthUser, planId: string, lineId: string, dto: UpdateLineDto): Promise<PlanLineDto> {
    return this.db.transaction(async (m) => {
      const { plan, current } = await this.lockAndCheck(m, user, planId, 'edit');
      const before = await this.line(m, plan.id, current.version, lineId);
      const next = {
        category: (dto.category ?? before.category) as Category,
        subType: (dto.subType ?? before.subType) as SubType,
        description: dto.description?.trim() ?? before.description,
        accountCode: dto.accountCode ?? before.accountCode,
        volume: dto.volume ?? before.volume,
        unit: dto.unit ?? before.unit,
        unitPrice: dto.unitPrice ?? before.unitPrice,
        location: dto.location !== undefined ? dto.location : before.location,
        fundingSource: dto.fundingSource ?? before.fundingSource,
      };
      checkSubType(next.category, next.subType);
      const amount = amountOf(next.volume, next.unitPrice);
      if (Number(amount) < before.spent) throw belowSpent(before.description, Number(amount), before.spent, lineId);
      await m.query(
        `UPDATE plan_line_version SET category = $4, sub_type = $5, description = $6, account_code = $7, volume = $8, unit = $9,
                unit_price = $10, amount = $11, location = $12, funding_source = $13
         WHERE plan_id = $1 AND version = $2 AND line_id = $3`,
        [plan.id, current.version, lineId, next.category, next.subType, next.description, next.accountCode, String(next.volume), next.unit,
          next.unitPrice, amount, next.location, next.fundingSource],
      );
      await this.recomputeTotals(m, plan.id, current.version);
      const after = await this.line(m, plan.id, current.version, lineId);
      await this.audit.record(m, {
        actor: user, action: 'plan.line.update', entity: 'plan_line', entityId: lineId, regionCode: plan.kelurahan_code,
        before: { planId: plan.id, version: current.version, ...before }, after: { planId: plan.id, version: current.version, ...after },
      });
      return after;
    });
  }

  async deleteLine(user: AuthUser, planId: string, lineId: string): Promise<DeletedLineDto> {
    return this.db.transaction(async (m) => {
      const { plan, current } = await this.lockAndCheck(m, user, planId, 'edit');
      const before = await this.line(m, plan.id, current.version, lineId);
      if (before.spent > 0) throw hasSpending(before.description, before.spent, lineId);
      await m.query(`DELETE FROM plan_line_version WHERE plan_id = $1 AND version = $2 AND line_id = $3`, [plan.id, current.version, lineId]);
      // A line born in this draft and never spent on leaves nothing behind; one carried from an approved version keeps its identity.
      await m.query(
        `DELETE FROM plan_line pl WHERE pl.id = $1 AND pl.entry_count = 0
           AND NOT EXISTS (SELECT 1 FROM plan_line_version v WHERE v.line_id = pl.id)
           AND NOT EXISTS (SELECT 1 FROM spending_entry s WHERE s.plan_line_id = pl.id)`,
        [lineId],
      );
      const total = await this.recomputeTotals(m, plan.id, current.version);
      await this.audit.record(m, {
        actor: user, action: 'plan.line.delete', entity: 'plan_line', entityId: lineId, regionCode: plan.kelurahan_code,
        before: { planId: plan.id, version: current.version, ...before },
      });
      return { id: lineId, deleted: true, total };
    });
  }

  // ---------------------------------------------------------------- workflow

  async submit(user: AuthUser, planId: string): Promise<PlanDto> {
    return this.db.transaction(async (m) => {
      const { plan, current, transition } = await this.lockAndCheck(m, user, planId, 'submit');
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM plan_line_version WHERE plan_id = $1 AND version = $2`, [plan.id, current.version]);
      if (n === 0) {
        throw unprocessable('PLAN_EMPTY', 'Rencana belum memiliki rincian kegiatan; tambahkan minimal satu rincian sebelum diajukan', [
          { field: 'lines', message: 'belum ada rincian' },
        ]);
      }
      await this.checkBudget(m, plan, current.version);
      await m.query(
        `UPDATE plan_version SET status = $3, submitted_at = now(), submitted_by = $4 WHERE plan_id = $1 AND version = $2`,
        [plan.id, current.version, transition.next, user.id],
      );
      return this.finish(m, user, plan, current, transition, 'plan.submit', null);
    });
  }

  async approve(user: AuthUser, planId: string): Promise<PlanDto> {
    return this.db.transaction(async (m) => {
      const { plan, current, transition } = await this.lockAndCheck(m, user, planId, 'approve');
      // Spending takes these row locks too: from here on no entry can land between the check and the switch of version.
      await m.query(`SELECT id FROM plan_line WHERE plan_id = $1 ORDER BY id FOR NO KEY UPDATE`, [plan.id]);
      await this.checkBudget(m, plan, current.version);
      if (plan.in_force_version !== null && plan.in_force_version !== current.version) {
        await m.query(
          `UPDATE plan_version SET status = 'superseded', superseded_at = now() WHERE plan_id = $1 AND version = $2`,
          [plan.id, plan.in_force_version],
        );
      }
      await m.query(
        `UPDATE plan_version SET status = $3, approved_at = now(), approved_by = $4 WHERE plan_id = $1 AND version = $2`,
        [plan.id, current.version, transition.next, user.id],
      );
      await m.query(`UPDATE plan SET in_force_version = $2 WHERE id = $1`, [plan.id, current.version]);
      return this.finish(m, user, plan, current, transition, 'plan.approve', null, { supersededVersion: plan.in_force_version });
    });
  }

  async return(user: AuthUser, planId: string, reason: string): Promise<PlanDto> {
    return this.db.transaction(async (m) => {
      const { plan, current, transition } = await this.lockAndCheck(m, user, planId, 'return');
      const why = reason.trim();
      await m.query(
        `UPDATE plan_version SET status = $3, returned_at = now(), returned_by = $4, return_reason = $5 WHERE plan_id = $1 AND version = $2`,
        [plan.id, current.version, transition.next, user.id, why],
      );
      return this.finish(m, user, plan, current, transition, 'plan.return', why);
    });
  }

  async amend(user: AuthUser, planId: string): Promise<PlanDto> {
    return this.db.transaction(async (m) => {
      const { plan, current, transition } = await this.lockAndCheck(m, user, planId, 'amend');
      const next = current.version + 1;
      await m.query(
        `INSERT INTO plan_version (plan_id, version, status, total, total_sarpras, total_pemberdayaan, created_by)
         SELECT plan_id, $2, $3, total, total_sarpras, total_pemberdayaan, $4 FROM plan_version WHERE plan_id = $1 AND version = $5`,
        [plan.id, next, transition.next, user.id, current.version],
      );
      // Same line ids: the plan_line rows (and the spending on them) are shared; only the content is copied.
      await m.query(
        `INSERT INTO plan_line_version (plan_id, version, line_id, position, category, sub_type, description, account_code, volume, unit,
                                        unit_price, amount, location, funding_source)
         SELECT plan_id, $2, line_id, position, category, sub_type, description, account_code, volume, unit, unit_price, amount, location, funding_source
         FROM plan_line_version WHERE plan_id = $1 AND version = $3`,
        [plan.id, next, current.version],
      );
      await m.query(`UPDATE plan SET latest_version = $2 WHERE id = $1`, [plan.id, next]);
      const after = { ...plan, latest_version: next };
      const view = await this.view(m, after);
      await this.audit.record(m, {
        actor: user, action: 'plan.amend', entity: 'plan', entityId: plan.id, regionCode: plan.kelurahan_code,
        before: { version: current.version, status: current.status },
        after: { version: next, status: transition.next, inForceVersion: plan.in_force_version },
      });
      return view;
    });
  }

  // ---------------------------------------------------------------- internals

  private async findPlan(m: EntityManager, user: AuthUser, id: string, forUpdate: boolean): Promise<PlanRow> {
    const missing = () => notFound('PLAN_NOT_FOUND', 'Rencana tidak ditemukan');
    if (!UUID.test(id)) throw missing();
    // NO KEY UPDATE: serialises plan mutations without blocking the FK checks of spending inserts (which would deadlock).
    const rows: PlanRow[] = await m.query(`SELECT * FROM plan WHERE id = $1${forUpdate ? ' FOR NO KEY UPDATE' : ''}`, [id]);
    if (!rows.length || !this.scope.canAccess(user, rows[0].kelurahan_code)) throw missing();
    return rows[0];
  }

  /** Lock the plan row, check scope (404), then the workflow table: role (403), state (409). */
  private async lockAndCheck(m: EntityManager, user: AuthUser, planId: string, action: PlanAction): Promise<Locked & { transition: Transition }> {
    const plan = await this.findPlan(m, user, planId, true);
    const [current]: VersionRow[] = await m.query(`SELECT * FROM plan_version WHERE plan_id = $1 AND version = $2`, [plan.id, plan.latest_version]);
    const d = decide(current.status, action, user.role);
    if (!d.ok) {
      if (d.refusal === 'role') throw new AppError(403, 'FORBIDDEN_ROLE', d.message);
      throw conflict('PLAN_INVALID_TRANSITION', d.message, [{ field: 'status', message: d.message, status: current.status, action }]);
    }
    return { plan, current, transition: d.transition };
  }

  private async finish(
    m: EntityManager, user: AuthUser, plan: PlanRow, current: VersionRow, t: Transition, action: string, reason: string | null,
    extra: Record<string, unknown> = {},
  ): Promise<PlanDto> {
    const fresh = await this.findPlan(m, user, plan.id, false);
    const view = await this.view(m, fresh);
    await this.audit.record(m, {
      actor: user, action, entity: 'plan', entityId: plan.id, regionCode: plan.kelurahan_code,
      before: { version: current.version, status: current.status, total: money(current.total) },
      after: { version: current.version, status: t.next, total: view.total, inForceVersion: fresh.in_force_version, ...extra },
      reason,
    });
    return view;
  }

  /** The budget rules a version must meet to be submitted and, again, to be approved. */
  private async checkBudget(m: EntityManager, plan: PlanRow, version: number): Promise<void> {
    const [v]: VersionRow[] = await m.query(`SELECT * FROM plan_version WHERE plan_id = $1 AND version = $2`, [plan.id, version]);
    const total = money(v.total);
    const allocation = await this.allocationOf(m, plan);
    if (!allocation) {
      throw unprocessable('PLAN_NO_ALLOCATION', `Pagu kelurahan untuk tahun ${plan.year} belum ditetapkan; rencana sebesar ${formatRupiah(total)} belum dapat diajukan atau disetujui`, [
        { field: 'allocation', message: 'pagu belum ditetapkan', total, allocation: null },
      ]);
    }
    if (total > allocation.amount) {
      const message = `Total rencana ${formatRupiah(total)} melebihi pagu ${formatRupiah(allocation.amount)} (selisih ${formatRupiah(total - allocation.amount)})`;
      throw unprocessable('PLAN_OVER_ALLOCATION', message, [
        { field: 'total', message, total, allocation: allocation.amount, excess: total - allocation.amount },
      ]);
    }
    const below: Array<{ line_id: string; description: string; amount: string; spent: string }> = await m.query(
      `SELECT plv.line_id, plv.description, plv.amount, pl.spent FROM plan_line_version plv JOIN plan_line pl ON pl.id = plv.line_id
       WHERE plv.plan_id = $1 AND plv.version = $2 AND plv.amount < pl.spent ORDER BY plv.position`,
      [plan.id, version],
    );
    if (below.length) throw belowSpent(below[0].description, money(below[0].amount), money(below[0].spent), below[0].line_id);
    const dropped: Array<{ id: string; spent: string; description: string | null }> = await m.query(
      `SELECT pl.id, pl.spent,
              (SELECT v.description FROM plan_line_version v WHERE v.line_id = pl.id ORDER BY v.version DESC LIMIT 1) AS description
       FROM plan_line pl
       WHERE pl.plan_id = $1 AND pl.spent > 0
         AND NOT EXISTS (SELECT 1 FROM plan_line_version v WHERE v.plan_id = $1 AND v.version = $2 AND v.line_id = pl.id)`,
      [plan.id, version],
    );
    if (dropped.length) throw hasSpending(dropped[0].description ?? dropped[0].id, money(dropped[0].spent), dropped[0].id);
  }

  private async allocationOf(m: EntityManager, plan: PlanRow): Promise<{ amount: number; source: string } | null> {
    const rows: Array<{ amount: string; source: string }> = await m.query(
      `SELECT amount, source FROM allocation WHERE kelurahan_code = $1 AND year = $2`,
      [plan.kelurahan_code, plan.year],
    );
    return rows.length ? { amount: money(rows[0].amount), source: rows[0].source } : null;
  }

  private async recomputeTotals(m: EntityManager, planId: string, version: number): Promise<number> {
    const [row] = await m.query(
      `UPDATE plan_version pv
       SET total = s.total, total_sarpras = s.sarpras, total_pemberdayaan = s.pemberdayaan
       FROM (SELECT coalesce(sum(amount), 0) AS total,
                    coalesce(sum(amount) FILTER (WHERE category = 'sarpras'), 0) AS sarpras,
                    coalesce(sum(amount) FILTER (WHERE category = 'pemberdayaan'), 0) AS pemberdayaan
             FROM plan_line_version WHERE plan_id = $1 AND version = $2) s
       WHERE pv.plan_id = $1 AND pv.version = $2
       RETURNING pv.total`,
      [planId, version],
    );
    // TypeORM returns [rows, affected] for UPDATE ... RETURNING
    const rows = Array.isArray(row) ? row : [row];
    return money(rows[0].total);
  }

  private async line(m: EntityManager, planId: string, version: number, lineId: string): Promise<PlanLineDto> {
    const missing = () => notFound('PLAN_LINE_NOT_FOUND', 'Rincian rencana tidak ditemukan pada versi terbaru');
    if (!UUID.test(lineId)) throw missing();
    const rows: LineRow[] = await m.query(`${LINE_SELECT} WHERE plv.plan_id = $1 AND plv.version = $2 AND plv.line_id = $3`, [planId, version, lineId]);
    if (!rows.length) throw missing();
    return toLine(rows[0]);
  }

  private async view(m: EntityManager, plan: PlanRow): Promise<PlanDto> {
    const [region] = await m.query(`SELECT name FROM region WHERE code = $1`, [plan.kelurahan_code]);
    const versions: VersionRow[] = await m.query(
      `SELECT * FROM plan_version WHERE plan_id = $1 AND version IN ($2, $3)`,
      [plan.id, plan.latest_version, plan.in_force_version ?? plan.latest_version],
    );
    const lines: LineRow[] = await m.query(
      `${LINE_SELECT} WHERE plv.plan_id = $1 AND plv.version IN ($2, $3) ORDER BY plv.position`,
      [plan.id, plan.latest_version, plan.in_force_version ?? plan.latest_version],
    );
    const latest = versions.find((v) => v.version === plan.latest_version)!;
    const inForce = plan.in_force_version === null ? null : versions.find((v) => v.version === plan.in_force_version)!;
    const linesOf = (version: number) => lines.filter((l) => l.version === version).map(toLine);
    const allocation = await this.allocationOf(m, plan);
    return {
      id: plan.id,
      kelurahanCode: plan.kelurahan_code,
      kelurahanName: region?.name ?? plan.kelurahan_code,
      year: plan.year,
      version: latest.version,
      status: latest.status,
      allocation: allocation?.amount ?? null,
      total: money(latest.total),
      totalSarpras: money(latest.total_sarpras),
      totalPemberdayaan: money(latest.total_pemberdayaan),
      lines: linesOf(latest.version),
      inForce: inForce
        ? {
            version: inForce.version,
            total: money(inForce.total),
            totalSarpras: money(inForce.total_sarpras),
            totalPemberdayaan: money(inForce.total_pemberdayaan),
            approvedAt: iso(inForce.approved_at),
            lines: linesOf(inForce.version),
          }
        : null,
      createdAt: iso(plan.created_at)!,
      submittedAt: iso(latest.submitted_at),
      returnedAt: iso(latest.returned_at),
      returnReason: latest.return_reason,
      approvedAt: iso(latest.approved_at),
    };
  }

  private async people(m: EntityManager, ids: Array<string | null>): Promise<Map<string, PersonDto>> {
    const unique = [...new Set(ids.filter((x): x is string => !!x))];
    if (!unique.length) return new Map();
    const rows: Array<{ id: string; username: string; full_name: string }> = await m.query(
      `SELECT id, username, full_name FROM app_user WHERE id = ANY($1::uuid[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, username: r.username, fullName: r.full_name }]));
  }
}

// ---------------------------------------------------------------- pure helpers

function checkSubType(category: Category, subType: SubType): void {
  if (!subTypeBelongsTo(category, subType)) {
    const message = `subType ${subType} (${SUB_TYPE[subType]?.name ?? 'tidak dikenal'}) bukan bagian dari kategori ${category}`;
    throw validationFailed([{ field: 'subType', constraint: 'subTypeBelongsTo', message }]);
  }
}

function amountOf(volume: number, unitPrice: number): bigint {
  const amount = lineAmount(volume, unitPrice);
  if (amount > BigInt(MAX_RUPIAH)) {
    throw validationFailed([{ field: 'volume', constraint: 'maxAmount', message: `jumlah (volume × harga satuan) melebihi ${formatRupiah(MAX_RUPIAH)}` }]);
  }
  return amount;
}

function belowSpent(description: string, amount: number, spent: number, lineId: string): AppError {
  const message = `Anggaran rincian "${description}" tidak boleh kurang dari realisasi yang sudah tercatat: ${formatRupiah(amount)} < ${formatRupiah(spent)}`;
  const details: ErrorDetail[] = [{ field: 'amount', message, lineId, amount, spent }];
  return unprocessable('LINE_BELOW_SPENT', message, details);
}

function hasSpending(description: string, spent: number, lineId: string): AppError {
  const message = `Rincian "${description}" sudah memiliki realisasi ${formatRupiah(spent)} dan tidak dapat dihapus`;
  return unprocessable('LINE_HAS_SPENDING', message, [{ field: 'lineId', message, lineId, spent }]);
}

/** Semula/menjadi per line between two versions: added, removed, changed (with the fields that changed). */
export function diffLines(before: PlanLineDto[], after: PlanLineDto[]): LineChangeDto[] {
  const snap = (l: PlanLineDto) => Object.fromEntries(LINE_FIELDS.map((f) => [f, l[f]]));
  const old = new Map(before.map((l) => [l.id, l]));
  const out: LineChangeDto[] = [];
  for (const l of after) {
    const o = old.get(l.id);
    if (!o) {
      out.push({ lineId: l.id, type: 'added', description: l.description, fields: [...LINE_FIELDS], before: null, after: snap(l) });
      continue;
    }
    old.delete(l.id);
    const fields = LINE_FIELDS.filter((f) => o[f] !== l[f]);
    if (fields.length) out.push({ lineId: l.id, type: 'changed', description: l.description, fields, before: snap(o), after: snap(l) });
  }
  for (const o of old.values()) {
    out.push({ lineId: o.id, type: 'removed', description: o.description, fields: [...LINE_FIELDS], before: snap(o), after: null });
  }
  return out;
}
