import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { money } from '../../common/money/rupiah';
import { parseFiscalYear } from '../../common/period/fiscal-year';
import { MutationRunner } from '../../database/mutation-runner';
import { RegionsService } from '../regions/regions.service';
import type {
  AllocationDto,
  AllocationHistoryDto,
  AllocationListDto,
  AllocationListQueryDto,
  BulkAllocationDto,
  BulkAllocationResultDto,
  SetAllocationDto,
} from './allocation.dto';
import { AllocationRepository } from './allocation.repository';

/** Pagu per kelurahan per year; every change is kept in allocation_history and the audit trail. */
@Injectable()
export class AllocationsService {
  constructor(
    private readonly db: DataSource,
    private readonly runner: MutationRunner,
    private readonly regions: RegionsService,
    private readonly repo: AllocationRepository,
  ) {}

  async set(user: AuthUser, yearRaw: unknown, kelurahanCode: string, dto: SetAllocationDto): Promise<AllocationDto> {
    const year = parseFiscalYear(yearRaw);
    await this.regions.kelurahanName(user, kelurahanCode);
    const answer = await this.runner.run(user, async (m) => {
      const lock = () =>
        m.query(`SELECT id, amount, source, note FROM allocation WHERE kelurahan_code = $1 AND year = $2 FOR UPDATE`, [kelurahanCode, year]);
      let existing: Array<{ id: string; amount: string; source: string; note: string | null }> = await lock();
      let before: { amount: number; source: string; note: string | null } | null = null;
      let id: string;
      if (!existing.length) {
        const inserted: Array<{ id: string }> = await m.query(
          `INSERT INTO allocation (year, kelurahan_code, amount, source, note, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (kelurahan_code, year) DO NOTHING RETURNING id`,
          [year, kelurahanCode, dto.amount, dto.source ?? 'APBD', dto.note ?? null, user.id],
        );
        // A concurrent PUT created it first: fall through to an ordinary update of that row.
        if (!inserted.length) existing = await lock();
        id = inserted[0]?.id;
      }
      if (existing.length) {
        const e = existing[0];
        id = e.id;
        before = { amount: money(e.amount), source: e.source, note: e.note };
        const after = { amount: dto.amount, source: dto.source ?? e.source, note: dto.note ?? e.note };
        if (after.amount === before.amount && after.source === before.source && after.note === before.note) {
          return { body: await this.repo.get(m, kelurahanCode, year), audit: [] }; // nothing changed: no history, no audit
        }
        await m.query(
          `UPDATE allocation SET amount = $2, source = $3, note = $4, updated_at = now(), updated_by = $5 WHERE id = $1`,
          [id, after.amount, after.source, after.note, user.id],
        );
      }
      const result = await this.repo.get(m, kelurahanCode, year);
      await m.query(
        `INSERT INTO allocation_history (allocation_id, year, kelurahan_code, old_amount, new_amount, old_source, new_source, note, changed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id!, year, kelurahanCode, before?.amount ?? null, result.amount, before?.source ?? null, result.source, dto.note ?? null, user.id],
      );
      return {
        body: result,
        audit: {
          action: before ? 'allocation.update' : 'allocation.create',
          entity: 'allocation',
          entityId: id!,
          regionCode: kelurahanCode,
          before,
          after: { year, amount: result.amount, source: result.source, note: result.note },
          reason: dto.note ?? null,
        },
      };
    });
    return answer.body;
  }

  /** Every kelurahan under the region in one statement; history rows for the ones that changed; one audit event. */
  async bulk(user: AuthUser, yearRaw: unknown, dto: BulkAllocationDto): Promise<BulkAllocationResultDto> {
    const year = parseFiscalYear(yearRaw);
    await this.regions.assertVisible(user, dto.regionCode);
    const answer = await this.runner.run(user, async (m) => {
      const counts = await this.repo.bulkSet(m, dto.regionCode, year, {
        amount: dto.amount, source: dto.source ?? null, note: dto.note ?? null, by: user.id,
      });
      const result: BulkAllocationResultDto = {
        year,
        regionCode: dto.regionCode,
        kelurahan: counts.kelurahan,
        created: counts.created,
        updated: counts.updated,
        unchanged: counts.kelurahan - counts.created - counts.updated,
      };
      return {
        body: result,
        audit: {
          action: 'allocation.bulk', entity: 'allocation', entityId: null, regionCode: dto.regionCode,
          after: { ...result, amount: dto.amount, source: dto.source ?? null }, reason: dto.note ?? null,
        },
      };
    });
    return answer.body;
  }

  async list(user: AuthUser, yearRaw: unknown, q: AllocationListQueryDto): Promise<AllocationListDto> {
    const year = parseFiscalYear(yearRaw);
    if (q.region) await this.regions.assertVisible(user, q.region);
    return this.repo.list(user, year, q);
  }

  async history(user: AuthUser, yearRaw: unknown, kelurahanCode: string): Promise<AllocationHistoryDto> {
    const year = parseFiscalYear(yearRaw);
    await this.regions.kelurahanName(user, kelurahanCode);
    return this.repo.history(kelurahanCode, year);
  }

  /** The pagu of a kelurahan and year, or null; inside the caller's transaction when given. */
  async amountOf(kelurahanCode: string, year: number, m: EntityManager = this.db.manager): Promise<{ amount: number; source: string } | null> {
    const rows: Array<{ amount: string; source: string }> = await m.query(
      `SELECT amount, source FROM allocation WHERE kelurahan_code = $1 AND year = $2`,
      [kelurahanCode, year],
    );
    return rows.length ? { amount: money(rows[0].amount), source: rows[0].source } : null;
  }
}
