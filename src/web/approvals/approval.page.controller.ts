import { Body, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/roles.decorator';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { isFiscalYear } from '../../common/period/fiscal-year';
import { ResolveFlagDto } from '../../modules/flags/flags.dto';
import { FlagsService } from '../../modules/flags/flags.service';
import { PlanDto, ReturnPlanDto } from '../../modules/plans/plan.dto';
import { PlanLinesService } from '../../modules/plans/plan-lines.service';
import { PlanVersionsService } from '../../modules/plans/plan-versions.service';
import { PlanWorkflowService } from '../../modules/plans/plan-workflow.service';
import { PlansService } from '../../modules/plans/plans.service';
import { RegionsService } from '../../modules/regions/regions.service';
import { FileDownloadInterceptor } from '../../modules/reports/file-download';
import { ReportFilesService } from '../../modules/reports/report-files.service';
import { asFormError, FieldErrors, formErrorsFrom, parseForm } from '../form';
import { PageRequest, redirect, render } from '../page-context';
import { PageController } from '../page.decorators';
import { planFlags } from '../flags/flag-view';
import { budgetOf, changesOf, currentYear, fieldLabel, groupLines, showField } from '../plans/plan-view';

const PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RETURN_LABELS = { reason: 'Alasan pengembalian' };
const RESOLVE_LABELS = { note: 'Catatan penyelesaian' };

/** A refused form on one flag's card: its errors and the text typed, shown again on that card only. */
interface FlagForm {
  flagId: string;
  errors: FieldErrors;
  value: string;
}

const daysSince = (iso: string | null, now = Date.now()) => (iso ? Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000)) : null);

/** Persetujuan: the camat's inbox of submitted plans, the review of one plan, approve or return it. */
@PageController('persetujuan')
@Roles('camat')
export class ApprovalPageController {
  constructor(
    private readonly plans: PlansService,
    private readonly lines: PlanLinesService,
    private readonly workflow: PlanWorkflowService,
    private readonly planVersions: PlanVersionsService,
    private readonly regions: RegionsService,
    private readonly files: ReportFilesService,
    private readonly flags: FlagsService,
  ) {}

  @Get()
  async inbox(@Req() req: PageRequest, @Res() reply: FastifyReply, @Query() q: Record<string, string>): Promise<void> {
    const user = req.user!;
    const yearNum = Number(q.tahun);
    const year = isFiscalYear(yearNum) ? yearNum : currentYear();
    const status = ['submitted', 'all', 'draft', 'returned', 'approved'].includes(q.status) ? q.status : 'submitted';
    const page = /^\d{1,6}$/.test(q.hal ?? '') && Number(q.hal) >= 1 ? Number(q.hal) : 1;
    const list = await this.plans.list(user, { region: user.regionCode!, year, status: status === 'all' ? undefined : status, page, pageSize: PAGE_SIZE });
    const waiting = status === 'submitted' ? list.total : (await this.plans.list(user, { region: user.regionCode!, year, status: 'submitted', page: 1, pageSize: 1 })).total;
    // Kelurahan of the kecamatan that have no plan for the year at all.
    const kecamatan = await this.regions.get(user.regionCode!);
    const withPlan = await this.plans.list(user, { region: user.regionCode!, year, page: 1, pageSize: 500 });
    const planned = new Set(withPlan.items.map((p) => p.kelurahanCode));
    const withoutPlan = kecamatan.children.filter((k) => !planned.has(k.code));
    const now = Date.now();
    return render(req, reply, 'approvals/inbox', {
      title: 'Persetujuan',
      year,
      status,
      kecamatan,
      waiting,
      items: list.items.map((p) => ({ ...p, days: daysSince(p.submittedAt, now), budget: budgetOf(p) })),
      total: list.total,
      pageNo: page,
      pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
      withoutPlan,
      years: [year - 1, year, year + 1].filter((y) => isFiscalYear(y)),
    });
  }

  @Get(':planId')
  async review(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('planId') planId: string): Promise<void> {
    const plan = await this.get(req, planId);
    return this.reviewPage(req, reply, plan, {});
  }

  @Get(':planId/setujui')
  async confirmApprove(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('planId') planId: string): Promise<void> {
    const plan = await this.get(req, planId);
    const b = budgetOf(plan);
    return render(req, reply, 'views/confirm', {
      title: 'Setujui rencana',
      question: `Setujui rencana Kelurahan ${plan.kelurahanName} tahun ${plan.year} versi ${plan.version}?`,
      detail: `Total ${plan.total.toLocaleString('id-ID')} rupiah dari pagu ${b.allocation === null ? '(belum ditetapkan)' : b.allocation.toLocaleString('id-ID') + ' rupiah'}.${plan.version > 1 ? ` Versi ${plan.version - 1} akan digantikan.` : ''}`,
      action: `/persetujuan/${plan.id}/setujui`,
      button: 'Setujui',
      back: `/persetujuan/${plan.id}`,
      errors: {},
    });
  }

  @Post(':planId/setujui')
  async approve(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('planId') planId: string): Promise<void> {
    const plan = await this.get(req, planId);
    try {
      await this.workflow.approve(req.user!, plan.id);
    } catch (e) {
      return this.reviewPage(req, reply, plan, asFormError(formErrorsFrom(e)), 409);
    }
    return redirect(req, reply, `/persetujuan/${plan.id}`);
  }

  @Post(':planId/kembalikan')
  async return(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('planId') planId: string, @Body() body: Record<string, unknown>): Promise<void> {
    const plan = await this.get(req, planId);
    const form = await parseForm(ReturnPlanDto, body, { labels: RETURN_LABELS });
    const reasonValue = typeof body.reason === 'string' ? body.reason : '';
    if (!form.ok) return this.reviewPage(req, reply, plan, form.errors, 400, reasonValue);
    try {
      await this.workflow.return(req.user!, plan.id, form.value.reason);
    } catch (e) {
      return this.reviewPage(req, reply, plan, formErrorsFrom(e, { labels: RETURN_LABELS }), 409, reasonValue);
    }
    return redirect(req, reply, `/persetujuan/${plan.id}`);
  }

  /** The camat closes one of the plan's flags with a note (audited by the flags service). */
  @Post(':planId/peringatan/:flagId/selesaikan')
  async resolveFlag(
    @Req() req: PageRequest,
    @Res() reply: FastifyReply,
    @Param('planId') planId: string,
    @Param('flagId') flagId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const plan = await this.get(req, planId);
    if (!(await this.flags.ofPlan(req.user!, plan)).some((f) => f.id === flagId)) throw COMMON_ERRORS.error('NOT_FOUND');
    const value = typeof body.note === 'string' ? body.note : '';
    const form = await parseForm(ResolveFlagDto, body, { labels: RESOLVE_LABELS });
    if (!form.ok) return this.reviewPage(req, reply, plan, {}, 400, '', { flagId, errors: form.errors, value });
    try {
      await this.flags.resolve(req.user!, flagId, form.value.note);
    } catch (e) {
      return this.reviewPage(req, reply, plan, {}, 409, '', { flagId, errors: formErrorsFrom(e, { labels: RESOLVE_LABELS }), value });
    }
    return redirect(req, reply, `/persetujuan/${plan.id}#peringatan`);
  }

  @Get(':planId/pdf')
  @UseInterceptors(FileDownloadInterceptor)
  async pdf(@Req() req: PageRequest, @Param('planId') planId: string) {
    const plan = await this.get(req, planId);
    return this.files.planPdf(req.user!, plan.id);
  }

  private async get(req: PageRequest, planId: string): Promise<PlanDto> {
    if (!UUID.test(planId)) throw COMMON_ERRORS.error('NOT_FOUND');
    return this.plans.get(req.user!, planId);
  }

  private async reviewPage(req: PageRequest, reply: FastifyReply, plan: PlanDto, errors: FieldErrors, status = 200, reason = '', flagForm?: FlagForm) {
    const flags = planFlags(await this.flags.ofPlan(req.user!, plan), plan.lines);
    const versions = plan.version > 1 ? await this.planVersions.versions(req.user!, plan.id) : null;
    const latest = versions?.items.find((v) => v.version === plan.version);
    const previous = versions?.items.find((v) => v.version === plan.version - 1);
    return render(
      req,
      reply,
      'approvals/review',
      {
        title: `Rencana ${plan.kelurahanName} ${plan.year}`,
        plan,
        groups: groupLines(plan.lines),
        budget: budgetOf(plan),
        changes: plan.version > 1 ? changesOf(latest) : [],
        previousTotal: previous?.total ?? 0,
        history: versions?.items ?? [],
        days: daysSince(plan.submittedAt),
        fieldLabel,
        show: showField,
        errors,
        reason,
        flags,
        flagForm: flagForm ?? null,
      },
      status,
    );
  }
}
