import { formatNumberId, formatPercent, formatRupiah } from '../../../common/money/rupiah';
import type { PlanDocumentModel } from '../model/report.types';
import {
  BODY_SIZE,
  contentWidth,
  drawIdentity,
  drawKop,
  layoutSignatures,
  drawTable,
  drawTerbilang,
  drawTitle,
  ensureSpace,
  formatQuantity,
  type DrawContext,
  groupHeaderRow,
  identityRows,
} from './layout-parts';
import type { TableRow } from './paginated-table';
import { fillTemplate } from './report-template';

function drawPlanTable(ctx: DrawContext, model: PlanDocumentModel): void {
  const h = ctx.template.columns.plan;
  const num = (n: number, bold = false) => ({ text: formatNumberId(n), align: 'right' as const, bold });
  const rows: TableRow[] = [];
  for (const group of model.groups) {
    rows.push(groupHeaderRow(group, 6));
    for (const line of group.lines) {
      rows.push({
        cells: [
          { text: String(line.no) },
          { text: line.accountCode },
          { text: line.subType, align: 'center' },
          { text: line.location ? `${line.description}\n${line.location}` : line.description },
          { text: formatQuantity(line.volume), align: 'right' },
          { text: line.unit },
          num(line.unitPrice),
          num(line.amount),
        ],
      });
    }
    if (!group.lines.length) {
      rows.push({ cells: [{ text: '' }, { text: '' }, { text: '(tidak ada rincian belanja)', colSpan: 6 }] });
    }
    const label = fillTemplate(ctx.template.labels.subtotal, { ...ctx.vars, GROUP_LETTER: group.letter }) ?? '';
    rows.push({
      fill: '#f6f6f6',
      cells: [{ text: '' }, { text: label, bold: true, colSpan: 6 }, num(group.subtotal, true)],
    });
  }
  rows.push({
    fill: '#dcdcdc',
    cells: [{ text: ctx.template.labels.grandTotal, bold: true, colSpan: 7, align: 'center' }, num(model.total, true)],
  });

  drawTable(ctx, {
    columns: [
      { width: 20, align: 'center' },
      { width: 86 },
      { width: 30, align: 'center' },
      { width: '*' },
      { width: 40, align: 'right' },
      { width: 40 },
      { width: 66, align: 'right' },
      { width: 72, align: 'right' },
    ],
    header: [
      {
        cells: [h.no, h.accountCode, h.subType, h.description, h.volume, h.unit, h.unitPrice, h.amount].map((text) => ({
          text,
          align: 'center' as const,
        })),
      },
    ],
    rows,
    fontSize: 7.5,
    headerFontSize: 7,
    padding: 3,
    headerFill: '#e4e4e4',
  });
}

function drawSummary(ctx: DrawContext, model: PlanDocumentModel): void {
  const { doc, fonts, template } = ctx;
  const left = doc.page.margins.left;
  const rows: Array<[string, string]> = [
    [template.labels.allocation, formatRupiah(model.allocation)],
    [template.labels.planned, formatRupiah(model.total)],
    [template.labels.unplanned, formatRupiah(model.unplanned)],
    [template.labels.percentOfAllocation, `${formatPercent(model.percentOfAllocation)}%`],
  ];
  doc.moveDown(0.6);
  ensureSpace(doc, rows.length * 12 + 4);
  doc.font(fonts.regular).fontSize(BODY_SIZE);
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.text(label, left, y, { width: 200 });
    doc.text(':', left + 200, y, { width: 10 });
    doc.text(value, left + 210, y, { width: 120, align: 'right' });
    doc.y = y + doc.currentLineHeight(true);
  }
  doc.x = left;
}

/** A bordered box: who approved which version and when, or that the plan is not approved yet. */
function layoutApprovalStamp(ctx: DrawContext, model: PlanDocumentModel): { height: number; draw(top: number): void } {
  const { doc, fonts, template } = ctx;
  const s = template.approvalStamp;
  const left = doc.page.margins.left;
  const width = Math.min(240, contentWidth(doc) / 2 - 10);
  const lines: Array<[string, boolean]> = [];
  if (model.approval) {
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
  const color = model.approval ? '#1a5e20' : '#8a1c1c';
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

/** Stamp and signatures; with only the lurah signing, the stamp sits in the empty left half beside the signature. */
function drawApprovalAndSignatures(ctx: DrawContext, model: PlanDocumentModel): void {
  const { doc } = ctx;
  const stamp = layoutApprovalStamp(ctx, model);
  const signatures = layoutSignatures(ctx, model.signature, 'plan');
  doc.moveDown(1);
  if (signatures.count <= 1) {
    ensureSpace(doc, Math.max(stamp.height, signatures.height));
    const top = doc.y;
    stamp.draw(top);
    const stampBottom = doc.y;
    signatures.draw(top);
    doc.y = Math.max(stampBottom, doc.y);
    return;
  }
  ensureSpace(doc, stamp.height);
  stamp.draw(doc.y);
  doc.moveDown(1);
  ensureSpace(doc, signatures.height);
  signatures.draw(doc.y);
}

/** Portrait plan document (RKA kelurahan) for signature. */
export function drawPlanDocument(ctx: DrawContext, model: PlanDocumentModel): void {
  const t = ctx.template;
  drawKop(ctx);
  drawTitle(ctx, t.titles.plan);
  const identity = identityRows(ctx, model);
  identity.push([t.identity.allocation, formatRupiah(model.allocation)]);
  identity.push([t.identity.version, String(model.version)]);
  identity.push([t.identity.status, t.statusLabels[model.status] ?? model.status]);
  drawIdentity(ctx, identity);

  drawPlanTable(ctx, model);
  drawSummary(ctx, model);
  drawTerbilang(ctx, model.totalInWords);
  drawApprovalAndSignatures(ctx, model);
}
