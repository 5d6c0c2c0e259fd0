import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
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
import { AllocationCommitments, floorBreach } from './allocation-floor';
import { AllocationRepository } from './allocation.repository';
import { ALLOCATION_ERRORS } from './allocations.errors';

/** Pagu per kelurahan per year; every change is kept in allocation_history and the audit trail. */
@Injectable()
export class AllocationsService {
  constructor(
    private readonly db: DataSource,
    private readonly runner: MutationRunner,
    private readonly regions: RegionsService,
    private readonly repo: AllocationRepository,
    private readonly moduleRef: ModuleRef,
  ) {}

  private commitmentsPort?: AllocationCommitments;

  /**
   * Sets the pagu of one funding source (`dto.source`, else the allocation's first source, else APBD); the other
   * sources stay, and the allocation's amount is their sum. A source may not go below what the plan in force draws
   * on it or what is spent from it (422 with both figures).
   */
  async set(user: AuthUser, yearRaw: unknown, kelurahanCode: string, dto: SetAllocationDto): Promise<AllocationDto> {
    const year = parseFiscalYear(yearRaw);
    await this.regions.kelurahanName(user, kelurahanCode);
    const answer = await this.runner.run(user, async (m) => {
      let row = await this.repo.lock(m, kelurahanCode, year);
      if (!row) {
        const source = dto.source ?? 'APBD';
        const id = await this.repo.insert(m, { year, kelurahanCode, amount: dto.amount, source, note: dto.note ?? null, by: user.id });
        if (id) {
          await this.repo.addHistory(m, { allocationId: id, year, kelurahanCode, oldAmount: null, newAmount: dto.amount, oldSource: null, newSource: source, note: dto.note ?? null, by: user.id });
          const created = await this.repo.get(m, kelurahanCode, year);
          return {
            body: created,
            audit: {
              action: 'allocation.create', entity: 'allocation', entityId: id, regionCode: kelurahanCode, before: null,
              after: { year, amount: created.amount, source, sources: created.sources, note: created.note }, reason: dto.note ?? null,
            },
          };
        }
        // A concurrent PUT created it first: change that row instead.
        row = (await this.repo.lock(m, kelurahanCode, year))!;
      }
      const source = dto.source ?? row.source;
      const sources = await this.repo.sources(m, row.id);
      const previous = sources.get(source) ?? null;
      const note = dto.note ?? row.note;
      const before = await this.repo.get(m, kelurahanCode, year);
      if (previous === dto.amount && note === row.note) return { body: before, audit: [] }; // nothing changed: no history, no audit
      await this.assertAboveCommitted(m, kelurahanCode, year, [{ kelurahanCode, source, amount: dto.amount }]);
      await this.repo.setSource(m, row.id, source, dto.amount, { note, by: user.id });
      await this.repo.addHistory(m, {
        allocationId: row.id, year, kelurahanCode, oldAmount: previous, newAmount: dto.amount,
        oldSource: previous === null ? null : source, newSource: source, note: dto.note ?? null, by: user.id,
      });
      const result = await this.repo.get(m, kelurahanCode, year);
      return {
        body: result,
        audit: {
          action: 'allocation.update', entity: 'allocation', entityId: row.id, regionCode: kelurahanCode,
          before: { amount: before.amount, source: before.source, sources: before.sources, note: before.note },
          after: { year, amount: result.amount, source: result.source, sources: result.sources, changed: source, note: result.note },
          reason: dto.note ?? null,
        },
      };
    });
    return answer.body;
  }

  /** Every kelurahan under the region: one source set to one amount; history rows for the ones that changed; one audit event. */
  async bulk(user: AuthUser, yearRaw: unknown, dto: BulkAllocationDto): Promise<BulkAllocationResultDto> {
    const year = parseFiscalYear(yearRaw);
    await this.regions.assertVisible(user, dto.regionCode);
    const answer = await this.runner.run(user, async (m) => {
      const targets = await this.repo.targets(m, dto.regionCode, year, dto.source ?? null);
      await this.assertAboveCommitted(m, dto.regionCode, year, targets.map((t) => ({ kelurahanCode: t.kelurahan_code, source: t.source, amount: dto.amount })));
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

  /** 422 naming each kelurahan and source whose new pagu would fall below what its plan in force draws or has spent. */
  private async assertAboveCommitted(m: EntityManager, regionCode: string, year: number, changes: Array<{ kelurahanCode: string; source: string; amount: number }>): Promise<void> {
    const committed = await this.commitments().bySource(m, regionCode, year);
    const breaches = changes
      .map((c) => ({ c, breach: floorBreach(c.source, c.amount, committed.get(c.kelurahanCode)?.get(c.source)) }))
      .filter((x) => x.breach !== null);
    if (!breaches.length) return;
    const first = breaches[0].breach!;
    throw ALLOCATION_ERRORS.error('ALLOCATION_BELOW_COMMITTED', first.source, first.requested, first.approved, first.spent).with(
      breaches.slice(0, 50).map(({ c, breach }) => ({
        field: 'amount',
        kelurahanCode: c.kelurahanCode,
        source: breach!.source,
        requested: breach!.requested,
        approved: breach!.approved,
        spent: breach!.spent,
        message: `pagu ${breach!.source} kelurahan ${c.kelurahanCode} paling sedikit ${Math.max(breach!.approved, breach!.spent)} (disetujui ${breach!.approved}, realisasi ${breach!.spent})`,
      })),
    );
  }

  // Resolved when first needed: the plans module, which provides it, itself depends on this one.
  private commitments(): AllocationCommitments {
    return (this.commitmentsPort ??= this.moduleRef.get(AllocationCommitments, { strict: false }));
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

  /** The allocations of the given kelurahan for a year, by code; codes outside the caller's scope are left out. */
  async forKelurahan(user: AuthUser, yearRaw: unknown, codes: string[]): Promise<Map<string, AllocationDto>> {
    return this.repo.forKelurahan(user, parseFiscalYear(yearRaw), codes);
  }

  /** The pagu of a kelurahan and year, or null; inside the caller's transaction when given. */
  async amountOf(kelurahanCode: string, year: number, m: EntityManager = this.db.manager): Promise<{ amount: number; source: string } | null> {
    const rows: Array<{ amount: string; source: string }> = await m.query(
      `SELECT amount, source FROM allocation WHERE kelurahan_code = $1 AND year = $2`,
      [kelurahanCode, year],
    );
    return rows.length ? { amount: money(rows[0].amount), source: rows[0].source } : null;
  }

  /**
   * The pagu and its sources for a plan's budget check, the allocation row locked FOR SHARE: a change to the pagu
   * (which locks it FOR UPDATE and checks the plan in force) cannot interleave with a submission or an approval.
   */
  async sourcesFor(kelurahanCode: string, year: number, m: EntityManager): Promise<{ amount: number; source: string; sources: Map<string, number> } | null> {
    const [row]: Array<{ id: string; amount: string; source: string }> = await m.query(
      `SELECT id, amount, source FROM allocation WHERE kelurahan_code = $1 AND year = $2 FOR SHARE`,
      [kelurahanCode, year],
    );
    if (!row) return null;
    return { amount: money(row.amount), source: row.source, sources: await this.repo.sources(m, row.id) };
  }
}
