import type { AuthUser } from '../../src/common/auth/auth-user';
import { AllocationsService } from '../../src/modules/allocations/allocations.service';
import type { CreateLineDto, PlanDto, PlanLineDto } from '../../src/modules/plans/plan.dto';
import { PlansService } from '../../src/modules/plans/plans.service';
import { parentOfCode } from '../../src/modules/regions/region-code';
import type { TestApp } from './test-app';
import { insertUser } from './users';

/**
 * Plans for other suites (spending, reports), built through the real services so totals, versions and audit events
 * are exactly what the HTTP endpoints would leave. The regions must be imported first (importKabkota).
 */

export type PlanLineInput = Partial<CreateLineDto>;
export type PlanState = 'draft' | 'submitted' | 'returned' | 'approved';

export interface PlanActorLike {
  id: string;
  username: string;
  role: AuthUser['role'];
  regionCode: string | null;
  fullName?: string;
}

export interface CreatePlanOptions {
  kelurahanCode: string;
  year: number;
  /** defaults to two lines: one sarpras (A1, Rp 150.000.000), one pemberdayaan (B4, 245 × Rp 30.000) */
  lines?: PlanLineInput[];
  /** the pagu to set first (default Rp 1.000.000.000 when the kelurahan has none for the year; null = leave as is) */
  allocation?: number | null;
  /** who acts; created when absent (a lurah of the kelurahan, a camat of its kecamatan) */
  lurah?: PlanActorLike;
  camat?: PlanActorLike;
}

export interface CreatedPlan {
  planId: string;
  lineIds: string[];
  lines: PlanLineDto[];
  plan: PlanDto;
  lurah: AuthUser;
  camat: AuthUser;
}

export const DEFAULT_LINES: PlanLineInput[] = [
  { category: 'sarpras', subType: 'A1', description: 'Pembangunan saluran drainase RW 03', accountCode: '5.2.04.01.01.0001', volume: 1, unit: 'PAKET', unitPrice: 150_000_000 },
  { category: 'pemberdayaan', subType: 'B4', description: 'Makan minum rapat LPM', accountCode: '5.1.02.01.01.0052', volume: 245, unit: 'ORANG_KALI', unitPrice: 30_000 },
];

export function asAuthUser(u: PlanActorLike): AuthUser {
  return { id: u.id, username: u.username, fullName: u.fullName ?? u.username, role: u.role, regionCode: u.regionCode };
}

async function actor(t: TestApp, role: 'lurah' | 'camat' | 'admin', region: string | null): Promise<AuthUser> {
  const u = await insertUser(t.db, role, region);
  return { id: u.id, username: u.username, fullName: u.username, role, regionCode: region };
}

export function lineDto(input: PlanLineInput, i = 0): CreateLineDto {
  return {
    category: 'pemberdayaan',
    subType: 'B4',
    description: `Rincian uji ${i + 1}`,
    accountCode: '5.1.02.01.01.0052',
    volume: 1,
    unit: 'PAKET',
    unitPrice: 1_000_000,
    ...input,
  } as CreateLineDto;
}

/** A plan brought to `state` (draft, submitted, returned or approved), with its lines. */
export async function createPlanInState(t: TestApp, state: PlanState, opts: CreatePlanOptions): Promise<CreatedPlan> {
  const plans = t.app.get(PlansService);
  const lurah = opts.lurah ? asAuthUser(opts.lurah) : await actor(t, 'lurah', opts.kelurahanCode);
  const camat = opts.camat ? asAuthUser(opts.camat) : await actor(t, 'camat', parentOfCode(opts.kelurahanCode));
  if (opts.allocation !== null) {
    const [existing] = await t.db.query('SELECT 1 FROM allocation WHERE kelurahan_code = $1 AND year = $2', [opts.kelurahanCode, opts.year]);
    if (opts.allocation !== undefined || !existing) {
      const admin = await actor(t, 'admin', null);
      await t.app.get(AllocationsService).set(admin, opts.year, opts.kelurahanCode, { amount: opts.allocation ?? 1_000_000_000 });
    }
  }
  const created = await plans.create(lurah, { kelurahanCode: opts.kelurahanCode, year: opts.year });
  for (const [i, l] of (opts.lines ?? DEFAULT_LINES).entries()) await plans.addLine(lurah, created.id, lineDto(l, i));
  if (state !== 'draft') await plans.submit(lurah, created.id);
  if (state === 'returned') await plans.return(camat, created.id, 'Dikembalikan oleh uji');
  if (state === 'approved') await plans.approve(camat, created.id);
  const plan = await plans.get(lurah, created.id);
  return { planId: plan.id, lineIds: plan.lines.map((l) => l.id), lines: plan.lines, plan, lurah, camat };
}

/** An approved plan (version 1 in force), ready for spending: `createApprovedPlan(t, {kelurahanCode, year, lines})`. */
export function createApprovedPlan(t: TestApp, opts: CreatePlanOptions): Promise<CreatedPlan> {
  return createPlanInState(t, 'approved', opts);
}
