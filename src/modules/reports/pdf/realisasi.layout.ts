import { formatNumberId, formatPercent, formatRupiah } from '../../../common/money/rupiah';
import type {
  AggregateRealisasiModel,
  KelurahanRealisasiModel,
  RealisasiFigures,
  RealisasiReportModel,
} from '../model/report.types';
import {
  BODY_SIZE,
  drawIdentity,
  drawKop,
  drawSignatures,
  drawTable,
  drawTerbilang,
  drawTitle,
  formatVolume,
  type DrawContext,
  groupHeaderRow,
  identityRows,
} from './layout-parts';
import type { TableCell, TableColumn, TableRow } from './paginated-table';
import { fillTemplate } from './report-template';

const TABLE_SIZE = 7.5;
const HEADER_SIZE = 7;
const PADDING = 3;
const FILL_HEADER = '#e4e4e4';
const FILL_SUBTOTAL = '#f6f6f6';
const FILL_TOTAL = '#dcdcdc';

const num = (n: number, bold = false): TableCell => ({ text: formatNumberId(n), align: 'right', bold });
const pct = (p: number, bold = false): TableCell => ({ text: formatPercent(p), align: 'right', bold });

/** Column numbers under the header, as in the printed SKPD forms. */
const numberingRow = (count: number): TableRow => ({
  cells: Array.from({ length: count }, (_, i) => ({ text: String(i + 1), align: 'center' as const })),
});

function figureCells(f: RealisasiFigures, bold = false): TableCell[] {
  return [
    num(f.budget, bold),
    num(f.realizedBefore, bold),
    num(f.realizedInPeriod, bold),
    num(f.realizedToDate, bold),
    num(f.remaining, bold),
    pct(f.percent, bold),
  ];
}

function drawKelurahanTable(ctx: DrawContext, model: KelurahanRealisasiModel): void {
  const h = ctx.template.columns.kelurahan;
  const columns: TableColumn[] = [
    { width: 22, align: 'center' },
    { width: 90 },
    { width: '*' },
    { width: 56 },
    { width: 74, align: 'right' },
    { width: 74, align: 'right' },
    { width: 74, align: 'right' },
    { width: 74, align: 'right' },
    { width: 74, align: 'right' },
    { width: 36, align: 'right' },
  ];
  const headerTexts = [
    h.no,
    h.accountCode,
    h.description,
    h.volume,
    h.budget,
    h.realizedBefore,
    h.realizedInPeriod,
    h.realizedToDate,
    h.remaining,
    h.percent,
  ];
  const rows: TableRow[] = [];
  for (const group of model.groups) {
    rows.push(groupHeaderRow(group, 8));
    for (const line of group.lines) {
      rows.push({
        cells: [
          { text: String(line.no) },
          { text: line.accountCode },
          { text: line.description },
          { text: formatVolume(line.volume, line.unit) },
          ...figureCells(line),
        ],
      });
    }
    if (!group.lines.length) {
      rows.push({ cells: [{ text: '' }, { text: '' }, { text: '(tidak ada rincian belanja)', colSpan: 8 }] });
    }
    const label = fillTemplate(ctx.template.labels.subtotal, { ...ctx.vars, GROUP_LETTER: group.letter }) ?? '';
    rows.push({
      fill: FILL_SUBTOTAL,
      cells: [{ text: '' }, { text: label, bold: true, colSpan: 3 }, ...figureCells(group.subtotal, true)],
    });
  }
  rows.push({
    fill: FILL_TOTAL,
    cells: [
      { text: ctx.template.labels.grandTotal, bold: true, colSpan: 4, align: 'center' },
      ...figureCells(model.total, true),
    ],
  });

  drawTable(ctx, {
    columns,
    header: [
      { cells: headerTexts.map((text) => ({ text, align: 'center' as const })) },
      numberingRow(columns.length),
    ],
    rows,
    fontSize: TABLE_SIZE,
    headerFontSize: HEADER_SIZE,
    padding: PADDING,
    headerFill: FILL_HEADER,
  });
}

function drawAggregateTable(ctx: DrawContext, model: AggregateRealisasiModel): void {
  const h = ctx.template.columns.aggregate;
  const childLevel = model.childLevel as keyof typeof h.name;
  const columns: TableColumn[] = [
    { width: 24, align: 'center' },
    { width: 84 },
    { width: '*' },
    { width: 100, align: 'right' },
    { width: 100, align: 'right' },
    { width: 100, align: 'right' },
    { width: 100, align: 'right' },
    { width: 56, align: 'right' },
  ];
  const headerTexts = [h.no, h.code, h.name[childLevel] ?? '', h.allocation, h.planned, h.realized, h.remaining, h.percent];
  const rows: TableRow[] = model.rows.map((r) => ({
    cells: [
      { text: String(r.no) },
      { text: r.code },
      { text: r.name },
      num(r.allocation),
      num(r.planned),
      num(r.realizedToDate),
      num(r.remaining),
      pct(r.percent),
    ],
  }));
  if (!rows.length) rows.push({ cells: [{ text: '' }, { text: '' }, { text: '(tidak ada data)', colSpan: 6 }] });
  const t = model.total;
  rows.push({
    fill: FILL_TOTAL,
    cells: [
      { text: ctx.template.labels.grandTotal, bold: true, colSpan: 3, align: 'center' },
      num(t.allocation, true),
      num(t.planned, true),
      num(t.realizedToDate, true),
      num(t.remaining, true),
      pct(t.percent, true),
    ],
  });
  drawTable(ctx, {
    columns,
    header: [{ cells: headerTexts.map((text) => ({ text, align: 'center' as const })) }, numberingRow(columns.length)],
    rows,
    fontSize: TABLE_SIZE,
    headerFontSize: HEADER_SIZE,
    padding: PADDING,
    headerFill: FILL_HEADER,
  });
}

function drawByCategoryTable(ctx: DrawContext, model: RealisasiReportModel): void {
  const { doc, fonts } = ctx;
  const h = ctx.template.columns.byCategory;
  doc.moveDown(0.8);
  doc.font(fonts.bold).fontSize(BODY_SIZE).text(h.title, doc.page.margins.left, doc.y);
  doc.moveDown(0.3);
  const rows: TableRow[] = model.byCategory.map((c) => ({
    cells: [
      { text: c.letter, align: 'center' },
      { text: c.subKegiatan.code },
      { text: c.subKegiatan.name },
      num(c.budget),
      num(c.realizedToDate),
      num(c.remaining),
      pct(c.percent),
    ],
  }));
  const sum = (k: 'budget' | 'realizedToDate' | 'remaining') => model.byCategory.reduce((a, c) => a + c[k], 0);
  rows.push({
    fill: FILL_TOTAL,
    cells: [
      { text: ctx.template.labels.grandTotal, bold: true, colSpan: 3, align: 'center' },
      num(sum('budget'), true),
      num(sum('realizedToDate'), true),
      num(sum('remaining'), true),
      pct(model.total.percent, true),
    ],
  });
  drawTable(ctx, {
    columns: [
      { width: 24, align: 'center' },
      { width: 96 },
      { width: '*' },
      { width: 100, align: 'right' },
      { width: 100, align: 'right' },
      { width: 100, align: 'right' },
      { width: 56, align: 'right' },
    ],
    header: [
      {
        cells: [
          { text: '', align: 'center' },
          { text: h.code, align: 'center' },
          { text: h.name, align: 'center' },
          { text: h.planned, align: 'center' },
          { text: h.realized, align: 'center' },
          { text: h.remaining, align: 'center' },
          { text: h.percent, align: 'center' },
        ],
      },
    ],
    rows,
    fontSize: TABLE_SIZE,
    headerFontSize: HEADER_SIZE,
    padding: PADDING,
    headerFill: FILL_HEADER,
  });
}

/** Landscape realisasi report for any level: kop, title, identity, table, terbilang, signatures. */
export function drawRealisasiReport(ctx: DrawContext, model: RealisasiReportModel): void {
  const t = ctx.template;
  drawKop(ctx);
  drawTitle(ctx, t.titles.realisasi);
  const identity = identityRows(ctx, model);
  if (model.level === 'kelurahan') identity.push([t.identity.allocation, formatRupiah(model.allocation)]);
  drawIdentity(ctx, identity);

  if (model.level === 'kelurahan') {
    drawKelurahanTable(ctx, model);
  } else {
    drawAggregateTable(ctx, model);
    if (model.hasCategorySplit) drawByCategoryTable(ctx, model);
  }
  drawTerbilang(ctx, model.totalInWords);
  drawSignatures(ctx, model.signature, model.level);
}
