import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import type { AppError } from '../../common/errors/app-error';
import { validationFailed } from '../../common/errors/validation';
import { formatRupiah, MAX_RUPIAH, money } from '../../common/money/rupiah';
import { MutationRunner } from '../../database/mutation-runner';
import { AllocationsService } from '../allocations/allocations.service';
import { type Category, SUB_TYPE, type SubType, subTypeBelongsTo } from '../reference/taxonomy';
import { PlanAccessService } from './plan-access.service';
import type { CreateLineDto, DeletedLineDto, PlanLineDto, UpdateLineDto } from './plan.dto';
import { lineAmount } from './plan-line-amount';
import { toLine } from './plan.mapper';
import { PlanRepository } from './plan.repository';
import { PLAN_ERRORS } from './plans.errors';

/** Editing the lines of the newest version while it is a draft (or returned): add, change, remove. */
@Injectable()
export class PlanLinesService {
  constructor(
    private readonly repo: PlanRepository,
    private readonly access: PlanAccessService,
    private readonly runner: MutationRunner,
    private readonly allocations: AllocationsService,
  ) {}

  async addLine(user: AuthUser, planId: string, dto: CreateLineDto): Promise<PlanLineDto> {
    const answer = await this.runner.run(user, async (m) => {
      const { plan, current } = await this.access.lockFor(m, user, planId, 'edit');
      checkSubType(dto.category as Category, dto.subType as SubType);
      const amount = amountOf(dto.volume, dto.unitPrice);
      const source = dto.fundingSource ?? (await this.allocations.amountOf(plan.kelurahan_code, plan.year, m))?.source ?? 'APBD';
      const id = await this.repo.insertLine(m, plan, current.version, {
        category: dto.category, subType: dto.subType, description: dto.description.trim(), accountCode: dto.accountCode,
        volume: dto.volume, unit: dto.unit, unitPrice: dto.unitPrice, amount, location: dto.location ?? null, fundingSource: source,
      });
      await this.repo.recomputeTotals(m, plan.id, current.version);
      const line = await this.line(m, plan.id, current.version, id);
      return {
        body: line,
        audit: {
          action: 'plan.line.add', entity: 'plan_line', entityId: id, regionCode: plan.kelurahan_code,
          after: { planId: plan.id, version: current.version, ...line },
        },
      };
    });
    return answer.body;
  }

  async updateLine(user: AuthUser, planId: string, lineId: string, dto: UpdateLineDto): Promise<PlanLineDto> {
    const answer = await this.runner.run(user, async (m) => {
      const { plan, current } = await this.access.lockFor(m, user, planId, 'edit');
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
      await this.repo.updateLine(m, plan.id, current.version, lineId, { ...next, amount, location: next.location ?? null });
      await this.repo.recomputeTotals(m, plan.id, current.version);
      const after = await this.line(m, plan.id, current.version, lineId);
      return {
        body: after,
        audit: {
          action: 'plan.line.update', entity: 'plan_line', entityId: lineId, regionCode: plan.kelurahan_code,
          before: { planId: plan.id, version: current.version, ...before }, after: { planId: plan.id, version: current.version, ...after },
        },
      };
    });
    return answer.body;
  }

  async deleteLine(user: AuthUser, planId: string, lineId: string): Promise<DeletedLineDto> {
    const answer = await this.runner.run(user, async (m) => {
      const { plan, current } = await this.access.lockFor(m, user, planId, 'edit');
      const before = await this.line(m, plan.id, current.version, lineId);
      if (before.spent > 0) throw hasSpending(before.description, before.spent, lineId);
      await this.repo.deleteLine(m, plan.id, current.version, lineId);
      const total = money(await this.repo.recomputeTotals(m, plan.id, current.version));
      return {
        body: { id: lineId, deleted: true, total },
        audit: {
          action: 'plan.line.delete', entity: 'plan_line', entityId: lineId, regionCode: plan.kelurahan_code,
          before: { planId: plan.id, version: current.version, ...before },
        },
      };
    });
    return answer.body;
  }

  private async line(m: EntityManager, planId: string, version: number, lineId: string): Promise<PlanLineDto> {
    const row = await this.repo.line(m, planId, version, lineId);
    if (!row) throw PLAN_ERRORS.error('PLAN_LINE_NOT_FOUND');
    return toLine(row);
  }
}

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

export function belowSpent(description: string, amount: number, spent: number, lineId: string): AppError {
  const e = PLAN_ERRORS.error('LINE_BELOW_SPENT', description, amount, spent);
  return e.with([{ field: 'amount', message: e.message, lineId, amount, spent }]);
}

export function hasSpending(description: string, spent: number, lineId: string): AppError {
  const e = PLAN_ERRORS.error('LINE_HAS_SPENDING', description, spent);
  return e.with([{ field: 'lineId', message: e.message, lineId, spent }]);
}
