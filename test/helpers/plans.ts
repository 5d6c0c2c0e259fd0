import type { AuthUser } from '../../src/common/auth/auth-user';
import { AllocationsService } from '../../src/modules/allocations/allocations.service';
import type { CreateLineDto, PlanDto, PlanLineDto } from '../../src/modules/plans/plan.dto';
import { PlanLinesService } from '../../src/modules/plans/plan-lines.service';
import { PlanWorkflowService } from '../../src/modules/plans/plan-workflow.service';
import { PlansService } from '../../src/modules/plans/plans.service';
import { parentOfCode } from '../../src/modules/regions/region-code';
import { todayIso } from '../../src/modules/spending/spending-date';
import type { SpendingEntryDto } from '../../src/modules/spending/spending.dto';
import { SpendingService } from '../../src/modules/spending/spending.service';
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

async function actor(t: TestApp, role: 'lurah' | 'camat' | 'admin' | 'bendahara', region: string | null): Promise<AuthUser> {
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
  const lines = t.app.get(PlanLinesService);
  const workflow = t.app.get(PlanWorkflowService);
  const lurah = opts.lurah ? asAuthUser(opts.lurah) : await actor(t, 'lurah', opts.kelurahanCode);
  const camat = opts.camat ? asAuthUser(opts.camat) : await actor(t, 'camat', parentOfCode(opts.kelurahanCode));
  if (opts.allocation !== null) {
    const existing = await t.app.get(AllocationsService).amountOf(opts.kelurahanCode, opts.year);
    if (opts.allocation !== undefined || !existing) await setAllocation(t, opts.kelurahanCode, opts.year, opts.allocation ?? 1_000_000_000);
  }
  const created = await plans.create(lurah, { kelurahanCode: opts.kelurahanCode, year: opts.year });
  for (const [i, l] of (opts.lines ?? DEFAULT_LINES).entries()) await lines.addLine(lurah, created.id, lineDto(l, i));
  if (state !== 'draft') await workflow.submit(lurah, created.id);
  if (state === 'returned') await workflow.return(camat, created.id, 'Dikembalikan oleh uji');
  if (state === 'approved') await workflow.approve(camat, created.id);
  const plan = await plans.get(lurah, created.id);
  return { planId: plan.id, lineIds: plan.lines.map((l) => l.id), lines: plan.lines, plan, lurah, camat };
}

/** An approved plan (version 1 in force), ready for spending: `createApprovedPlan(t, {kelurahanCode, year, lines})`. */
export function createApprovedPlan(t: TestApp, opts: CreatePlanOptions): Promise<CreatedPlan> {
  return createPlanInState(t, 'approved', opts);
}

/** The pagu of a kelurahan for a year, set through AllocationsService as a national admin. */
export async function setAllocation(t: TestApp, kelurahanCode: string, year: number, amount: number): Promise<void> {
  const admin = await actor(t, 'admin', null);
  await t.app.get(AllocationsService).set(admin, year, kelurahanCode, { amount });
}

/**
 * Opens an amendment of an approved plan (or keeps editing the one already open): lines changed by `update`
 * (by line id), lines added; with `approve` it is submitted and approved, so it comes into force.
 */
export async function amendPlan(
  t: TestApp,
  plan: CreatedPlan,
  opts: { update?: Record<string, Partial<CreateLineDto>>; add?: PlanLineInput[]; approve?: boolean },
): Promise<PlanLineDto[]> {
  const plans = t.app.get(PlansService);
  const lines = t.app.get(PlanLinesService);
  const workflow = t.app.get(PlanWorkflowService);
  const current = await plans.get(plan.lurah, plan.planId);
  if (current.status === 'approved') await workflow.amend(plan.lurah, plan.planId);
  for (const [lineId, change] of Object.entries(opts.update ?? {})) await lines.updateLine(plan.lurah, plan.planId, lineId, change);
  const added: PlanLineDto[] = [];
  for (const [i, l] of (opts.add ?? []).entries()) added.push(await lines.addLine(plan.lurah, plan.planId, lineDto(l, current.lines.length + i)));
  if (opts.approve) {
    await workflow.submit(plan.lurah, plan.planId);
    await workflow.approve(plan.camat, plan.planId);
  }
  return added;
}

const bookers = new WeakMap<TestApp, Map<string, Promise<AuthUser>>>();

/** A bendahara of the kelurahan, created once per app, who books the fixtures' realisasi. */
function bendaharaOf(t: TestApp, kelurahanCode: string): Promise<AuthUser> {
  let byCode = bookers.get(t);
  if (!byCode) bookers.set(t, (byCode = new Map()));
  let u = byCode.get(kelurahanCode);
  if (!u) byCode.set(kelurahanCode, (u = actor(t, 'bendahara', kelurahanCode)));
  return u;
}

/**
 * One realisasi entry through SpendingService, exactly as POST /api/spending books it (row lock, running totals,
 * audit event). A date after today is booked as if on that day: the clock (Date only) is set to it for the call.
 */
export async function spend(t: TestApp, plan: CreatedPlan, lineIndex: number, date: string, amount: number): Promise<SpendingEntryDto> {
  const by = await bendaharaOf(t, plan.plan.kelurahanCode);
  const book = async () =>
    (
      await t.app.get(SpendingService).record(by, {
        planLineId: plan.lineIds[lineIndex],
        date,
        amount,
        description: `Belanja ${plan.lines[lineIndex].description}`,
        payee: 'CV Maju Jaya',
        evidenceNo: `KW-${date}-${amount}`,
      })
    ).body;
  if (date <= todayIso()) return book();
  jest.useFakeTimers({ doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'], now: new Date(`${date}T12:00:00+07:00`) });
  try {
    return await book();
  } finally {
    jest.useRealTimers();
  }
}
