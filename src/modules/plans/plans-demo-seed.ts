import type { AuthUser, Role } from '../../common/auth/auth-user';
import type { AllocationsService } from '../allocations/allocations.service';
import type { UsersService } from '../users/users.service';
import type { PlanLinesService } from './plan-lines.service';
import type { PlanWorkflowService } from './plan-workflow.service';
import type { CreateLineDto } from './plan.dto';
import type { PlansService } from './plans.service';

/** The services the budget demo goes through. */
export interface BudgetServices {
  allocations: AllocationsService;
  plans: PlansService;
  lines: PlanLinesService;
  workflow: PlanWorkflowService;
  users: UsersService;
}

export const DEMO_APPROVED_KELURAHAN = '35.73.01.1001'; // Balearjosari
export const DEMO_SUBMITTED_KELURAHAN = '35.73.01.1002'; // Arjosari
export const DEMO_ALLOCATION = 1_000_000_000;

/** What later seed steps (spending, reports) build on. */
export interface BudgetDemoSeed {
  year: number;
  approvedPlanId: string;
  /** line ids of the approved plan, keyed by a short name (drainase, paving, posyandu, pmt, umkm, rapatLpm, linmas, bencana, …) */
  approvedLineIds: Record<string, string>;
  submittedPlanId: string;
  logins: Array<{ username: string; password: string; role: Role; regionCode: string; fullName: string }>;
}

type Line = CreateLineDto & { key: string };

// A realistic Balearjosari plan (Rp 886.350.000 of the Rp 1 miliar pagu), sub-types A1–A4 and B1–B6.
const APPROVED_LINES: Line[] = [
  { key: 'drainase', category: 'sarpras', subType: 'A1', description: 'Pembangunan saluran drainase lingkungan RW 03', accountCode: '5.2.04.02.01.0006', volume: 350, unit: 'M', unitPrice: 650_000, location: 'RW 03' },
  { key: 'penerangan', category: 'sarpras', subType: 'A1', description: 'Penerangan jalan lingkungan tenaga surya', accountCode: '5.2.02.05.01.0004', volume: 40, unit: 'TITIK', unitPrice: 3_750_000, location: 'RW 01, RW 06' },
  { key: 'paving', category: 'sarpras', subType: 'A2', description: 'Paving blok jalan lingkungan RW 07', accountCode: '5.2.04.01.01.0012', volume: 1200, unit: 'M2', unitPrice: 165_000, location: 'RW 07' },
  { key: 'posyandu', category: 'sarpras', subType: 'A3', description: 'Rehabilitasi gedung Posyandu Melati', accountCode: '5.2.03.01.01.0010', volume: 1, unit: 'PAKET', unitPrice: 125_000_000, location: 'RW 02' },
  { key: 'tbm', category: 'sarpras', subType: 'A4', description: 'Sarana taman bacaan masyarakat', accountCode: '5.2.02.05.01.0001', volume: 1, unit: 'PAKET', unitPrice: 60_000_000, location: 'Balai RW 04' },
  { key: 'pmt', category: 'pemberdayaan', subType: 'B1', description: 'Pemberian makanan tambahan (PMT) balita posyandu', accountCode: '5.1.02.01.01.0055', volume: 1800, unit: 'OK', unitPrice: 15_000 },
  { key: 'umkm', category: 'pemberdayaan', subType: 'B3', description: 'Pelatihan keterampilan UMKM olahan pangan', accountCode: '5.1.02.02.01.0003', volume: 40, unit: 'ORANG_KALI', unitPrice: 850_000 },
  { key: 'rapatLpm', category: 'pemberdayaan', subType: 'B4', description: 'Makan dan minum rapat koordinasi LPM', accountCode: '5.1.02.01.01.0052', volume: 245, unit: 'ORANG_KALI', unitPrice: 30_000 },
  { key: 'linmas', category: 'pemberdayaan', subType: 'B5', description: 'Pelatihan perlindungan masyarakat (linmas)', accountCode: '5.1.02.02.01.0003', volume: 30, unit: 'ORANG_KALI', unitPrice: 750_000 },
  { key: 'bencana', category: 'pemberdayaan', subType: 'B6', description: 'Simulasi kesiapsiagaan bencana banjir', accountCode: '5.1.02.02.01.0003', volume: 1, unit: 'PAKET', unitPrice: 35_000_000 },
];

const SUBMITTED_LINES: Line[] = [
  { key: 'sumurResapan', category: 'sarpras', subType: 'A1', description: 'Pembangunan sumur resapan', accountCode: '5.2.04.02.01.0006', volume: 25, unit: 'UNIT', unitPrice: 8_500_000, location: 'RW 02, RW 05' },
  { key: 'jalan', category: 'sarpras', subType: 'A2', description: 'Pengaspalan jalan poros kelurahan', accountCode: '5.2.04.01.01.0012', volume: 900, unit: 'M2', unitPrice: 310_000 },
  { key: 'mck', category: 'sarpras', subType: 'A3', description: 'Pembangunan MCK komunal', accountCode: '5.2.03.01.01.0010', volume: 2, unit: 'UNIT', unitPrice: 95_000_000 },
  { key: 'kader', category: 'pemberdayaan', subType: 'B2', description: 'Pelatihan kader PAUD', accountCode: '5.1.02.02.01.0003', volume: 25, unit: 'ORANG_KALI', unitPrice: 600_000 },
  { key: 'rapatPkk', category: 'pemberdayaan', subType: 'B4', description: 'Makan dan minum rapat rutin PKK kelurahan', accountCode: '5.1.02.01.01.0052', volume: 360, unit: 'ORANG_KALI', unitPrice: 30_000 },
];

const ARJOSARI_LURAH = {
  role: 'lurah' as const,
  regionCode: DEMO_SUBMITTED_KELURAHAN,
  username: 'lurah.arjosari',
  password: 'demo-lurah-arjosari',
  fullName: 'Agus Prasetyo, S.STP.',
  nip: '198611232009011003',
  rank: 'Penata (III/c)',
  position: 'Lurah Arjosari',
};

const strip = ({ key: _key, ...dto }: Line): CreateLineDto => dto;

/**
 * The budget part of the demo, through the real services (audit events included), acting as the demo accounts:
 * Rp 1 miliar pagu for every kelurahan of Kota Malang this year, an approved plan for Balearjosari and a plan
 * of Arjosari waiting for the camat.
 */
export async function seedBudgetDemo(services: BudgetServices, actors: Record<Role, AuthUser>, year = new Date().getFullYear()): Promise<BudgetDemoSeed> {
  const { allocations, plans, lines, workflow, users } = services;
  const { admin, lurah, camat } = actors;

  await allocations.bulk(admin, year, { regionCode: '35.73', amount: DEMO_ALLOCATION, source: 'APBD', note: 'Pagu dana kelurahan demo' });

  const approved = await plans.create(lurah, { kelurahanCode: DEMO_APPROVED_KELURAHAN, year });
  const approvedLineIds: Record<string, string> = {};
  for (const l of APPROVED_LINES) approvedLineIds[l.key] = (await lines.addLine(lurah, approved.id, strip(l))).id;
  await workflow.submit(lurah, approved.id);
  await workflow.approve(camat, approved.id);

  const created = await users.create(admin, ARJOSARI_LURAH);
  const lurahArjosari: AuthUser = { id: created.id, username: created.username, fullName: created.fullName, role: 'lurah', regionCode: DEMO_SUBMITTED_KELURAHAN };
  const submitted = await plans.create(lurahArjosari, { kelurahanCode: DEMO_SUBMITTED_KELURAHAN, year });
  for (const l of SUBMITTED_LINES) await lines.addLine(lurahArjosari, submitted.id, strip(l));
  await workflow.submit(lurahArjosari, submitted.id);

  const { password, username, fullName, role, regionCode } = ARJOSARI_LURAH;
  return { year, approvedPlanId: approved.id, approvedLineIds, submittedPlanId: submitted.id, logins: [{ username, password, role, regionCode, fullName }] };
}
