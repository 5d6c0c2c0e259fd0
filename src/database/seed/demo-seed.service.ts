import { Injectable, Logger } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEMPLATES_DIR } from '../../common/paths';
import { AllocationsService } from '../../modules/allocations/allocations.service';
import { PlanLinesService } from '../../modules/plans/plan-lines.service';
import { PlanWorkflowService } from '../../modules/plans/plan-workflow.service';
import { seedBudgetDemo } from '../../modules/plans/plans-demo-seed';
import { PlansService } from '../../modules/plans/plans.service';
import { RegionsService } from '../../modules/regions/regions.service';
import { BookPeriodService } from '../../modules/books/book-period.service';
import { DepositService } from '../../modules/books/deposit.service';
import { FundService } from '../../modules/books/fund.service';
import { sha256Hex } from '../../modules/documents/documents.service';
import { EvidenceService } from '../../modules/evidence/evidence.service';
import { seedSpendingDemo, type AttachEvidence } from '../../modules/spending/spending-demo-seed';
import { SpendingService } from '../../modules/spending/spending.service';
import { seedDemoUsers, seedFreshLurah } from '../../modules/users/demo-users';
import { UsersService } from '../../modules/users/users.service';

export const DEMO_KABKOTA = '35.73';
export const NATIONAL_REGION_FILE = path.join(TEMPLATES_DIR, 'wilayah', 'kelurahan.csv');

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  regionCode: string | null;
  fullName: string;
}

export interface DemoSeedResult {
  seeded: boolean;
  logins: DemoLogin[];
}

/** The demo (Kota Malang) on an empty database only; each module adds its part here. */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly regions: RegionsService,
    private readonly users: UsersService,
    private readonly allocations: AllocationsService,
    private readonly plans: PlansService,
    private readonly lines: PlanLinesService,
    private readonly workflow: PlanWorkflowService,
    private readonly spending: SpendingService,
    private readonly funds: FundService,
    private readonly deposits: DepositService,
    private readonly periods: BookPeriodService,
    private readonly evidence: EvidenceService,
  ) {}

  async isEmpty(): Promise<boolean> {
    return this.regions.isEmpty();
  }

  async run(): Promise<DemoSeedResult> {
    if (!(await this.isEmpty())) return { seeded: false, logins: [] };
    const counts = await this.regions.import(fs.createReadStream(NATIONAL_REGION_FILE), { kabkota: DEMO_KABKOTA, actor: null });
    this.logger.log(`Wilayah demo: ${counts.kecamatan} kecamatan, ${counts.kelurahan} kelurahan`);
    const logins: DemoLogin[] = [];
    // One user per role in Kota Malang; later steps act as them via demoUsers.byRole.lurah etc.
    const demoUsers = await seedDemoUsers(this.users);
    logins.push(...demoUsers.logins);
    // Pagu for all 57 kelurahan, an approved plan (Balearjosari) and a submitted one (Arjosari); budget.approvedPlanId / approvedLineIds for spending.
    const { allocations, plans, lines, workflow, users } = this;
    const budget = await seedBudgetDemo({ allocations, plans, lines, workflow, users }, demoUsers.byRole);
    logins.push(...budget.logins);
    // A kelurahan with its pagu and no plan, where someone trying the demo can create one.
    logins.push(await seedFreshLurah(this.users, demoUsers.byRole.admin));
    this.logger.log(`Rencana demo: disetujui ${budget.approvedPlanId}, diajukan ${budget.submittedPlanId}`);
    // Realisasi on the approved plan as the demo bendahara, one entry reversed (skipped without an approved plan).
    // With its books: UP/TU received, taxes withheld and deposited, evidence attached, the first month closed.
    const bendahara = demoUsers.byRole.bendahara;
    const attach: AttachEvidence | undefined = bendahara
      ? (entry, file, kind) => this.evidence.attach(bendahara, entry, { ...file, byteSize: file.bytes.length, sha256: sha256Hex(file.bytes) }, { kind })
      : undefined;
    const { funds, deposits, periods } = this;
    const spending = await seedSpendingDemo({ spending: this.spending, plans, funds, deposits, periods, attach }, bendahara, budget);
    this.logger.log(
      `Realisasi demo: ${spending.entries} entri, ${spending.reversals} dibatalkan; ${spending.funds} penerimaan UP/TU, ` +
        `${spending.deposits} setoran pajak, ${spending.evidence} berkas bukti, tutup buku bulan ${spending.closedMonth ?? '-'}`,
    );
    return { seeded: true, logins };
  }
}
