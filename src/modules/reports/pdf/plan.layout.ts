import { formatPercent } from '../../../common/money/rupiah';
import type { PlanAmendment, PlanDocumentModel, PlanLineSide } from '../model/report.types';
import {
  BODY_SIZE,
  blocksHeight,
  contentWidth,
  describeLine,
  drawIdentity,
  drawKop,
  layoutSignatures,
  drawTable,
  drawTitle,
  drawTogether,
  formatAmount,
  formatQuantity,
  formatRupiahAmount,
  formatVolume,
  fundingShort,
  type Block,
  type DrawContext,
  groupHeaderRow,
  identityRows,
  layoutTerbilang,
} from './layout-parts';
import type { TableCell, TableRow } from './paginated-table';
import { fillTemplate } from './report-template';

const num = (n: number, bold = false): TableCell => ({ text: formatAmount(n), align: 'right', bold });
const TAIL_ROWS = 3;

async function drawPlanTable(ctx: DrawContext, model: PlanDocumentModel, tailHeight: number): Promise<void> {
  const h = ctx.template.columns.plan;
  const rows: TableRow[] = [];
  const units: string[] = [];
  const sources: string[] = [];
  for (const group of model.groups) {
    rows.push(groupHeaderRow(group, 7));
    for (const line of group.lines) {
      const source = fundingShort(ctx, line.fundingSource);
      units.push(line.unit);
      sources.push(source);
      rows.push({
        cells: [
          { text: String(line.no) },
          { text: line.accountCode },
          { text: line.subType, align: 'center' },
          { text: describeLine(ctx, line) },
          { text: source },
          { text: formatQuantity(line.volume), align: 'right' },
          { text: line.unit },
          num(line.unitPrice),
          num(line.amount),
        ],
      });
    }
    if (!group.lines.length) {
      rows.push({ cells: [{ text: '' }, { text: '' }, { text: '(tidak ada rincian belanja)', colSpan: 7 }] });
    }
    const label = fillTemplate(ctx.template.labels.subtotal, { ...ctx.vars, GROUP_LETTER: group.letter }) ?? '';
    rows.push({
      fill: '#f6f6f6',
      cells: [{ text: '' }, { text: label, bold: true, colSpan: 7 }, num(group.subtotal, true)],
    });
  }
  rows.push({
    fill: '#dcdcdc',
    cells: [{ text: ctx.template.labels.grandTotal, bold: true, colSpan: 8, align: 'center' }, num(model.total, true)],
  });

  await drawTable(ctx, {
    columns: [
      { width: 20, align: 'center' },
      { width: 80 },
      { width: 28, align: 'center' },
      { width: '*' },
      { width: 40 },
      { width: 34, align: 'right' },
      { width: 36 },
      { width: 62, align: 'right' },
      { width: 68, align: 'right' },
    ],
    header: [
      {
        cells: [h.no, h.accountCode, h.subType, h.description, h.fundingSource, h.volume, h.unit, h.unitPrice, h.amount].map(
          (text) => ({ text, align: 'center' as const }),
        ),
      },
    ],
    rows,
    fontSize: 7.5,
    headerFontSize: 7,
    padding: 3,
    headerFill: '#e4e4e4',
    keepTail: { rows: TAIL_ROWS, height: tailHeight },
    fitColumns: [
      { column: 4, texts: sources, bold: false, max: 80 },
      { column: 6, texts: units, bold: false, max: 70 },
      { column: 7, max: 90 },
      { column: 8, max: 100 },
    ],
  });
}

const sideCells = (s: PlanLineSide | null, bold = false): TableCell[] =>
  s
    ? [{ text: formatVolume(s.volume, s.unit) }, num(s.unitPrice, bold), num(s.amount, bold)]
    : [{ text: '' }, { text: '' }, { text: '' }];

/** The perubahan table (DPPA/RKA perubahan): each line's semula beside its menjadi and the difference. */
async function drawAmendmentTable(ctx: DrawContext, amendment: PlanAmendment, tailHeight: number): Promise<void> {
  const h = ctx.template.columns.amendment;
  const labels = ctx.template.labels;
  const rows: TableRow[] = [];
  const volumes: string[] = [];
  for (const group of amendment.groups) {
    rows.push(groupHeaderRow(group, 8));
    for (const line of group.lines) {
      for (const s of [line.before, line.after]) if (s) volumes.push(formatVolume(s.volume, s.unit));
      const note = !line.before ? ` ${labels.newLine}` : !line.after ? ` ${labels.removedLine}` : '';
      rows.push({
        cells: [
          { text: String(line.no) },
          { text: line.accountCode },
          { text: describeLine(ctx, { description: `${line.description}${note}`, location: line.location }) },
          ...sideCells(line.before),
          ...sideCells(line.after),
          num(line.difference),
        ],
      });
    }
    if (!group.lines.length) {
      rows.push({ cells: [{ text: '' }, { text: '' }, { text: '(tidak ada rincian belanja)', colSpan: 8 }] });
    }
    const label = fillTemplate(labels.subtotal, { ...ctx.vars, GROUP_LETTER: group.letter }) ?? '';
    rows.push({
      fill: '#f6f6f6',
      cells: [
        { text: '' },
        { text: label, bold: true, colSpan: 2 },
        { text: '', colSpan: 2 },
        num(group.before, true),
        { text: '', colSpan: 2 },
        num(group.after, true),
        num(group.difference, true),
      ],
    });
  }
  rows.push({
    fill: '#dcdcdc',
    cells: [
      { text: labels.grandTotal, bold: true, colSpan: 3, align: 'center' },
      { text: '', colSpan: 2 },
      num(amendment.totalBefore, true),
      { text: '', colSpan: 2 },
      num(amendment.totalAfter, true),
      num(amendment.difference, true),
    ],
  });
  const center = (text: string, colSpan?: number): TableCell => ({ text, align: 'center', ...(colSpan ? { colSpan } : {}) });
  await drawTable(ctx, {
    columns: [
      { width: 22, align: 'center' },
      { width: 84 },
      { width: '*' },
      { width: 60 },
      { width: 70, align: 'right' },
      { width: 76, align: 'right' },
      { width: 60 },
      { width: 70, align: 'right' },
      { width: 76, align: 'right' },
      { width: 76, align: 'right' },
    ],
    header: [
      { cells: [center(''), center(''), center(''), center(h.before, 3), center(h.after, 3), center('')] },
      {
        cells: [h.no, h.accountCode, h.description, h.volume, h.unitPrice, h.amount, h.volume, h.unitPrice, h.amount, h.difference].map(
          (text) => center(text),
        ),
      },
    ],
    rows,
    fontSize: 7.5,
    headerFontSize: 7,
    padding: 3,
    headerFill: '#e4e4e4',
    keepTail: { rows: TAIL_ROWS, height: tailHeight },
    fitColumns: [
      { column: 3, texts: volumes, bold: false, max: 100 },
      { column: 6, texts: volumes, bold: false, max: 100 },
      ...[4, 5, 7, 8, 9].map((column) => ({ column, max: 100 })),
    ],
  });
}

function layoutSummary(ctx: DrawContext, model: PlanDocumentModel): Block {
  const { doc, fonts, template } = ctx;
  const left = doc.page.margins.left;
  const rows: Array<[string, string]> = [[template.labels.allocation, formatRupiahAmount(model.allocation)]];
  if (model.amendment) {
    rows.push([template.labels.totalBefore, formatRupiahAmount(model.amendment.totalBefore)]);
    rows.push([template.labels.totalAfter, formatRupiahAmount(model.amendment.totalAfter)]);
    rows.push([template.labels.difference, formatRupiahAmount(model.amendment.difference)]);
  } else {
    rows.push([template.labels.planned, formatRupiahAmount(model.total)]);
  }
  rows.push([template.labels.unplanned, formatRupiahAmount(model.unplanned)]);
  rows.push([template.labels.percentOfAllocation, `${formatPercent(model.percentOfAllocation)}%`]);
  doc.font(fonts.regular).fontSize(BODY_SIZE);
  const lh = doc.currentLineHeight(true);
  return {
    height: 0.6 * lh + rows.length * lh,
    draw() {
      doc.y += 0.6 * lh;
      doc.font(fonts.regular).fontSize(BODY_SIZE);
      for (const [label, value] of rows) {
        const y = doc.y;
        doc.text(label, left, y, { width: 200 });
        doc.text(':', left + 200, y, { width: 10 });
        doc.text(value, left + 210, y, { width: 120, align: 'right' });
        doc.y = y + lh;
      }
      doc.x = left;
    },
  };
}

/** A bordered box: who approved which version and when, or that the plan is not approved yet. */
function layoutApprovalStamp(ctx: DrawContext, model: PlanDocumentModel): { height: number; draw(top: number): void } {
  const { doc, fonts, template } = ctx;
  const s = template.approvalStamp;
  const left = doc.page.margins.left;
  const width = Math.min(240, contentWidth(doc) / 2 - 10);
  const lines: Array<[string, boolean]> = [];
  if (model.supersededBy !== null) {
    // A replaced version must not look approved: no DISETUJUI, but who approved it then and what replaced it.
    lines.push([s.superseded, true]);
    lines.push([fillTemplate(s.supersededBy, { VERSION: String(model.supersededBy) }) ?? s.supersededBy, false]);
    lines.push([`${s.version} ${model.version}`, false]);
    if (model.approval) {
      lines.push([`${s.originallyApproved}: ${model.approval.approvedAtLabel}`, false]);
      lines.push([`${s.by}: ${model.approval.approverName}`, false]);
    }
  } else if (model.approval) {
    const a = model.approval;
    lines.push([s.approved, true]);
    lines.push([`${s.version} ${model.version}`, false]);
    lines.push([`${s.date}: ${a.approvedAtLabel}`, false]);
    lines.push([`${s.by}: ${a.approverName}`, false]);
    if (a.approverTitle) lines.push([a.approverTitle, false]);
    if (a.approverNipFormatted) lines.push([`${template.signatures.nipPrefix}${a.approverNipFormatted}`, false]);
  } else {
    const status = template.statusLabels[model.status] ?? model.status;
    lines.push([s.notApproved, true]);
    lines.push([`${s.version} ${model.version} · ${template.identity.status}: ${status}`, false]);
  }
  const lh = 11;
  const height = lines.length * lh + 12;
  const color = model.supersededBy !== null ? '#555555' : model.approval ? '#1a5e20' : '#8a1c1c';
  const draw = (top: number) => {
    doc.save().lineWidth(1.5).strokeColor(color).rect(left, top, width, height).stroke().restore();
    let y = top + 6;
    for (const [text, bold] of lines) {
      doc
        .fillColor(bold ? color : 'black')
        .font(bold ? fonts.bold : fonts.regular)
        .fontSize(bold ? 10 : 8)
        .text(text, left + 6, y, { width: width - 12, align: 'center', lineBreak: false });
      y += lh;
    }
    doc.fillColor('black');
    doc.x = left;
    doc.y = top + height;
  };
  return { height, draw };
}

/** Stamp and signatures as one block; with only the lurah signing, the stamp sits in the empty left half beside it. */
function layoutApprovalAndSignatures(ctx: DrawContext, model: PlanDocumentModel): Block {
  const { doc, fonts } = ctx;
  const stamp = layoutApprovalStamp(ctx, model);
  const signatures = layoutSignatures(ctx, model.signature, 'plan');
  doc.font(fonts.regular).fontSize(BODY_SIZE);
  const gap = doc.currentLineHeight(true);
  const side = signatures.count <= 1;
  return {
    height: side ? gap + Math.max(stamp.height, signatures.height) : 2 * gap + stamp.height + signatures.height,
    draw() {
      doc.y += gap;
      if (side) {
        const top = doc.y;
        stamp.draw(top);
        const stampBottom = doc.y;
        signatures.draw(top);
        doc.y = Math.max(stampBottom, doc.y);
        return;
      }
      stamp.draw(doc.y);
      doc.y += gap;
      signatures.draw(doc.y);
    },
  };
}

/**
 * The plan document (RKA kelurahan) for signature: portrait; an amendment is landscape with semula beside menjadi.
 * Summary, terbilang, stamp and signatures are measured first and keep the table's last rows with them.
 */
export async function drawPlanDocument(ctx: DrawContext, model: PlanDocumentModel): Promise<void> {
  const t = ctx.template;
  drawKop(ctx);
  drawTitle(ctx, model.amendment ? t.titles.planAmendment : t.titles.plan);
  const identity = identityRows(ctx, model);
  identity.push([t.identity.allocation, formatRupiahAmount(model.allocation)]);
  identity.push([t.identity.version, String(model.version)]);
  identity.push([t.identity.status, t.statusLabels[model.status] ?? model.status]);
  drawIdentity(ctx, identity);

  const tail = [layoutSummary(ctx, model), layoutTerbilang(ctx, model.amountsInWords), layoutApprovalAndSignatures(ctx, model)];
  if (model.amendment) await drawAmendmentTable(ctx, model.amendment, blocksHeight(tail));
  else await drawPlanTable(ctx, model, blocksHeight(tail));
  drawTogether(ctx.doc, tail);
}
