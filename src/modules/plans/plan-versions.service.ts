import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { money } from '../../common/money/rupiah';
import { UsersService } from '../users/users.service';
import { PlanAccessService } from './plan-access.service';
import type { PlanLineDto, PlanVersionDto, PlanVersionListDto } from './plan.dto';
import { diffLines, iso, toLine } from './plan.mapper';
import { PlanRepository } from './plan.repository';

/** Every version of a plan with who acted on it, and what changed from the one before (semula/menjadi). */
@Injectable()
export class PlanVersionsService {
  constructor(
    private readonly repo: PlanRepository,
    private readonly access: PlanAccessService,
    private readonly users: UsersService,
  ) {}

  async versions(user: AuthUser, id: string): Promise<PlanVersionListDto> {
    const m = this.repo.manager;
    const plan = await this.access.find(m, user, id);
    const versions = await this.repo.versions(m, plan.id);
    const lines = await this.repo.lines(m, plan.id);
    const people = await this.users.people(versions.flatMap((v) => [v.created_by, v.submitted_by, v.approved_by, v.returned_by]));
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
}
