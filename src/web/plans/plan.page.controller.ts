import { Body, Get, Param, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { Post } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/roles.decorator';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { ExplainFlagDto } from '../../modules/flags/flags.dto';
import { FlagsService } from '../../modules/flags/flags.service';
import { CreateLineDto, PlanDto, UpdateLineDto } from '../../modules/plans/plan.dto';
import { PlanLinesService } from '../../modules/plans/plan-lines.service';
import { PlanVersionsService } from '../../modules/plans/plan-versions.service';
import { PlanWorkflowService } from '../../modules/plans/plan-workflow.service';
import { PlansService } from '../../modules/plans/plans.service';
import { searchAccountCodes } from '../../modules/reference/taxonomy';
import { FileDownloadInterceptor } from '../../modules/reports/file-download';
import { ReportFilesService } from '../../modules/reports/report-files.service';
import { asFormError, FieldErrors, formErrorsFrom, parseForm } from '../form';
import { PageRequest, redirect, render } from '../page-context';
import { PageController } from '../page.decorators';
import { planFlags } from '../flags/flag-view';
import { budgetOf, changesOf, currentYear, EDITABLE, groupLines, LINE_LABELS, LINE_NUMBERS, LINE_PICKERS, lineValues, yearParam, fieldLabel, showField } from './plan-view';

const FORM = { labels: LINE_LABELS, numbers: LINE_NUMBERS };
const EXPLAIN_LABELS = { reason: 'Alasan' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rencana: the lurah's plan of a year, from the first line to the approved plan and its perubahan. */
@PageController('rencana')
@Roles('lurah')
export class PlanPageController {
  constructor(
    private readonly plans: PlansService,
    private readonly lines: PlanLinesService,
    private readonly workflow: PlanWorkflowService,
    private readonly planVersions: PlanVersionsService,
    private readonly files: ReportFilesService,
    private readonly flags: FlagsService,
  ) {}

  @Get()
  async index(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    return redirect(req, reply, `/rencana/${currentYear()}`);
  }

  /** A plan by its id (a link to share): the lurah's own plan opens at its year; any other is the 404 page. */
  @Get('lihat/:planId')
  async byId(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('planId') planId: string): Promise<void> {
    if (!UUID.test(planId)) throw COMMON_ERRORS.error('NOT_FOUND');
    const plan = await this.plans.get(req.user!, planId);
    return redirect(req, reply, `/rencana/${plan.year}`);
  }

  @Get(':year')
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string): Promise<void> {
    const year = yearParam(yearRaw);
    const plan = await this.find(req, year);
    if (!plan) return render(req, reply, 'plans/no-plan', { title: `Rencana ${year}`, year, errors: {} });
    return this.editor(req, reply, plan, {});
  }

  @Post(':year')
  async create(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string): Promise<void> {
    const year = yearParam(yearRaw);
    try {
      await this.plans.create(req.user!, { kelurahanCode: req.user!.regionCode!, year });
    } catch (e) {
      const errors = formErrorsFrom(e, FORM);
      // Already there (a second tab, a double click): open it.
      if (!(await this.find(req, year))) return render(req, reply, 'plans/no-plan', { title: `Rencana ${year}`, year, errors }, 409);
    }
    return redirect(req, reply, `/rencana/${year}`);
  }

  @Get(':year/baris/baru')
  async newLine(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string): Promise<void> {
    const plan = await this.editable(req, yearParam(yearRaw));
    return this.lineForm(req, reply, plan, null, {}, {});
  }

  @Post(':year/baris')
  async addLine(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string, @Body() body: Record<string, unknown>): Promise<void> {
    const plan = await this.editable(req, yearParam(yearRaw));
    const form = await parseForm(CreateLineDto, body, FORM);
    if (!form.ok) return this.editor(req, reply, plan, { errors: form.errors, values: body }, 400);
    try {
      await this.lines.addLine(req.user!, plan.id, form.value);
    } catch (e) {
      return this.editor(req, reply, plan, { errors: formErrorsFrom(e, FORM), values: body }, 400);
    }
    return redirect(req, reply, `/rencana/${plan.year}#rincian`);
  }

  @Get(':year/baris/:lineId')
  async editLine(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string, @Param('lineId') lineId: string): Promise<void> {
    const plan = await this.editable(req, yearParam(yearRaw));
    const line = plan.lines.find((l) => l.id === lineId);
    if (!line) throw COMMON_ERRORS.error('NOT_FOUND');
    return this.lineForm(req, reply, plan, line.id, lineValues(line), {});
  }

  @Post(':year/baris/:lineId')
  async updateLine(
    @Req() req: PageRequest,
    @Res() reply: FastifyReply,
    @Param('year') yearRaw: string,
    @Param('lineId') lineId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const plan = await this.editable(req, yearParam(yearRaw));
    if (!plan.lines.some((l) => l.id === lineId)) throw COMMON_ERRORS.error('NOT_FOUND');
    // The edit form sends every field; a cleared optional field is left as it was.
    const form = await parseForm(UpdateLineDto, body, FORM);
    if (!form.ok) return this.lineForm(req, reply, plan, lineId, body, form.errors, 400);
    try {
      await this.lines.updateLine(req.user!, plan.id, lineId, form.value);
    } catch (e) {
      return this.lineForm(req, reply, plan, lineId, body, formErrorsFrom(e, FORM), 400);
    }
    return redirect(req, reply, `/rencana/${plan.year}#baris-${lineId}`);
  }

  @Get(':year/baris/:lineId/hapus')
  async confirmDelete(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string, @Param('lineId') lineId: string): Promise<void> {
    const plan = await this.editable(req, yearParam(yearRaw));
    const line = plan.lines.find((l) => l.id === lineId);
    if (!line) throw COMMON_ERRORS.error('NOT_FOUND');
    return render(req, reply, 'views/confirm', {
      title: 'Hapus rincian',
      question: `Hapus rincian "${line.description}"?`,
      detail: `Jumlahnya ${line.amount.toLocaleString('id-ID')} rupiah akan dikeluarkan dari rencana.`,
      action: `/rencana/${plan.year}/baris/${line.id}/hapus`,
      button: 'Hapus rincian',
      danger: true,
      back: `/rencana/${plan.year}`,
      errors: {},
    });
  }

  @Post(':year/baris/:lineId/hapus')
  async deleteLine(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string, @Param('lineId') lineId: string): Promise<void> {
    const plan = await this.editable(req, yearParam(yearRaw));
    if (!plan.lines.some((l) => l.id === lineId)) throw COMMON_ERRORS.error('NOT_FOUND');
    try {
      await this.lines.deleteLine(req.user!, plan.id, lineId);
    } catch (e) {
      return this.editor(req, reply, plan, { errors: asFormError(formErrorsFrom(e, FORM)) }, 409);
    }
    return redirect(req, reply, `/rencana/${plan.year}#rincian`);
  }

  @Get(':year/ajukan')
  async confirmSubmit(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string): Promise<void> {
    const plan = await this.editable(req, yearParam(yearRaw));
    const budget = budgetOf(plan);
    return render(req, reply, 'views/confirm', {
      title: 'Ajukan rencana',
      question: `Ajukan rencana ${plan.year} versi ${plan.version} kepada camat?`,
      detail: `Total ${plan.total.toLocaleString('id-ID')} rupiah dari pagu ${budget.allocation === null ? '(belum ditetapkan)' : budget.allocation.toLocaleString('id-ID') + ' rupiah'}. Setelah diajukan, rencana tidak dapat diubah sampai camat menyetujui atau mengembalikannya.`,
      action: `/rencana/${plan.year}/ajukan`,
      button: 'Ajukan',
      back: `/rencana/${plan.year}`,
      errors: {},
    });
  }

  @Post(':year/ajukan')
  async submit(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string): Promise<void> {
    const plan = await this.editable(req, yearParam(yearRaw));
    try {
      await this.workflow.submit(req.user!, plan.id);
    } catch (e) {
      return this.editor(req, reply, plan, { errors: asFormError(formErrorsFrom(e, FORM)) }, 422);
    }
    return redirect(req, reply, `/rencana/${plan.year}`);
  }

  /** The lurah's reason for a flag on one of the plan's lines (asked for above a standard price estimate). */
  @Post(':year/peringatan/:flagId/alasan')
  async explainFlag(
    @Req() req: PageRequest,
    @Res() reply: FastifyReply,
    @Param('year') yearRaw: string,
    @Param('flagId') flagId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const plan = await this.mustFind(req, yearParam(yearRaw));
    if (!(await this.flags.ofPlan(req.user!, plan)).some((f) => f.id === flagId && f.planLineId)) throw COMMON_ERRORS.error('NOT_FOUND');
    const value = typeof body.reason === 'string' ? body.reason : '';
    const form = await parseForm(ExplainFlagDto, body, { labels: EXPLAIN_LABELS });
    if (!form.ok) return this.editor(req, reply, plan, { flagForm: { flagId, errors: form.errors, value } }, 400);
    try {
      await this.flags.explain(req.user!, flagId, form.value.reason);
    } catch (e) {
      return this.editor(req, reply, plan, { flagForm: { flagId, errors: formErrorsFrom(e, { labels: EXPLAIN_LABELS }), value } }, 409);
    }
    return redirect(req, reply, `/rencana/${plan.year}#peringatan`);
  }

  @Get(':year/perubahan')
  async confirmAmend(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string): Promise<void> {
    const plan = await this.mustFind(req, yearParam(yearRaw));
    return render(req, reply, 'views/confirm', {
      title: 'Ajukan perubahan',
      question: `Buat perubahan atas rencana ${plan.year} yang sudah disetujui?`,
      detail: `Versi ${plan.version + 1} dibuat sebagai draf dari rincian yang berlaku. Versi ${plan.version} tetap berlaku sampai perubahan disetujui camat.`,
      action: `/rencana/${plan.year}/perubahan`,
      button: 'Buat perubahan',
      back: `/rencana/${plan.year}`,
      errors: {},
    });
  }

  @Post(':year/perubahan')
  async amend(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('year') yearRaw: string): Promise<void> {
    const plan = await this.mustFind(req, yearParam(yearRaw));
    try {
      await this.workflow.amend(req.user!, plan.id);
    } catch (e) {
      return this.editor(req, reply, plan, { errors: asFormError(formErrorsFrom(e, FORM)) }, 409);
    }
    return redirect(req, reply, `/rencana/${plan.year}`);
  }

  /** The numbered plan document (the same PDF as GET /api/plans/:id/pdf). */
  @Get(':year/pdf')
  @UseInterceptors(FileDownloadInterceptor)
  async pdf(@Req() req: PageRequest, @Param('year') yearRaw: string, @Query('versi') versi?: string) {
    const plan = await this.mustFind(req, yearParam(yearRaw));
    const version = versi && /^\d{1,4}$/.test(versi) ? Number(versi) : undefined;
    return this.files.planPdf(req.user!, plan.id, version);
  }

  // ---------------------------------------------------------------- helpers

  private async find(req: PageRequest, year: number): Promise<PlanDto | null> {
    const { items } = await this.plans.list(req.user!, { kelurahan: req.user!.regionCode!, year, page: 1, pageSize: 1 });
    return items.length ? this.plans.get(req.user!, items[0].id) : null;
  }

  private async mustFind(req: PageRequest, year: number): Promise<PlanDto> {
    const plan = await this.find(req, year);
    if (!plan) throw COMMON_ERRORS.error('NOT_FOUND');
    return plan;
  }

  /** The plan, when its newest version may be edited; otherwise back to the plan page, which says why. */
  private async editable(req: PageRequest, year: number): Promise<PlanDto> {
    const plan = await this.mustFind(req, year);
    if (!EDITABLE.has(plan.status)) {
      throw COMMON_ERRORS.error('CONFLICT');
    }
    return plan;
  }

  private async editor(
    req: PageRequest,
    reply: FastifyReply,
    plan: PlanDto,
    form: { errors?: FieldErrors; values?: Record<string, unknown>; flagForm?: { flagId: string; errors: FieldErrors; value: string } },
    status = 200,
  ) {
    const flags = planFlags(await this.flags.ofPlan(req.user!, plan), plan.lines);
    const versions = plan.version > 1 ? await this.planVersions.versions(req.user!, plan.id) : null;
    const latest = versions?.items.find((v) => v.version === plan.version);
    const budget = budgetOf(plan);
    return render(
      req,
      reply,
      'plans/plan',
      {
        title: `Rencana ${plan.year}`,
        plan,
        groups: groupLines(plan.lines),
        budget,
        editable: EDITABLE.has(plan.status),
        amendment: plan.version > 1 && plan.status !== 'approved',
        changes: plan.version > 1 ? changesOf(latest) : [],
        inForce: plan.inForce,
        history: versions?.items ?? [],
        pickers: LINE_PICKERS,
        accountCodes: searchAccountCodes(''),
        fieldLabel,
        show: showField,
        errors: form.errors ?? {},
        values: form.values ? lineValues(form.values) : {},
        flags,
        flagForm: form.flagForm ?? null,
      },
      status,
    );
  }

  private async lineForm(req: PageRequest, reply: FastifyReply, plan: PlanDto, lineId: string | null, values: Record<string, unknown>, errors: FieldErrors, status = 200) {
    return render(
      req,
      reply,
      'plans/line-page',
      {
        title: lineId ? 'Ubah rincian' : 'Tambah rincian',
        plan,
        lineId,
        pickers: LINE_PICKERS,
        accountCodes: searchAccountCodes(''),
        budget: budgetOf(plan),
        errors,
        values: lineValues(values),
      },
      status,
    );
  }
}
