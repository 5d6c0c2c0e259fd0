import { formatPercent } from '../../../common/money/rupiah';
import type {
  AggregateRealisasiModel,
  KelurahanRealisasiModel,
  RealisasiFigures,
  RealisasiReportModel,
} from '../model/report.types';
import {
  BODY_SIZE,
  blocksHeight,
  describeLine,
  drawIdentity,
  drawKop,
  drawTable,
  drawTitle,
  drawTogether,
  ensureSpace,
  formatAmount,
  formatRupiahAmount,
  formatVolume,
  fundingShort,
  type Block,
  type DrawContext,
  groupHeaderRow,
  identityRows,
  layoutTerbilang,
  signatureBlock,
} from './layout-parts';
import type { TableCell, TableColumn, TableRow } from './paginated-table';
import { fillTemplate } from './report-template';

const TABLE_SIZE = 7.5;
const HEADER_SIZE = 7;
const PADDING = 3;
const FILL_HEADER = '#e4e4e4';
const FILL_SUBTOTAL = '#f6f6f6';
const FILL_TOTAL = '#dcdcdc';

const num = (n: number, bold = false): TableCell => ({ text: formatAmount(n), align: 'right', bold });
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

// The closing rows of a table that travel with the tail (the last line or two and the totals under it).
const TAIL_ROWS = 3;

async function drawKelurahanTable(ctx: DrawContext, model: KelurahanRealisasiModel, tailHeight: number): Promise<void> {
  const h = ctx.template.columns.kelurahan;
  const columns: TableColumn[] = [
    { width: 22, align: 'center' },
    { width: 86 },
    { width: '*' },
    { width: 56 },
    { width: 44 },
    { width: 70, align: 'right' },
    { width: 70, align: 'right' },
    { width: 70, align: 'right' },
    { width: 70, align: 'right' },
    { width: 70, align: 'right' },
    { width: 34, align: 'right' },
  ];
  const headerTexts = [
    h.no,
    h.accountCode,
    h.description,
    h.volume,
    h.fundingSource,
    h.budget,
    h.realizedBefore,
    h.realizedInPeriod,
    h.realizedToDate,
    h.remaining,
    h.percent,
  ];
  const rows: TableRow[] = [];
  const volumes: string[] = [];
  const sources: string[] = [];
  for (const group of model.groups) {
    rows.push(groupHeaderRow(group, 9));
    for (const line of group.lines) {
      const volume = formatVolume(line.volume, line.unit);
      const source = fundingShort(ctx, line.fundingSource);
      volumes.push(volume);
      sources.push(source);
      rows.push({
        cells: [
          { text: String(line.no) },
          { text: line.accountCode },
          { text: describeLine(ctx, line) },
          { text: volume },
          { text: source },
          ...figureCells(line),
        ],
      });
    }
    if (!group.lines.length) {
      rows.push({ cells: [{ text: '' }, { text: '' }, { text: '(tidak ada rincian belanja)', colSpan: 9 }] });
    }
    const label = fillTemplate(ctx.template.labels.subtotal, { ...ctx.vars, GROUP_LETTER: group.letter }) ?? '';
    rows.push({
      fill: FILL_SUBTOTAL,
      cells: [{ text: '' }, { text: label, bold: true, colSpan: 4 }, ...figureCells(group.subtotal, true)],
    });
  }
  rows.push({
    fill: FILL_TOTAL,
    cells: [
      { text: ctx.template.labels.grandTotal, bold: true, colSpan: 5, align: 'center' },
      ...figureCells(model.total, true),
    ],
  });

  await drawTable(ctx, {
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
    keepTail: { rows: TAIL_ROWS, height: tailHeight },
    // "100 Orang/Kali" never wraps; the room comes from the uraian.
    fitColumns: [
      { column: 3, texts: volumes, bold: false, max: 110 },
      { column: 4, texts: sources, bold: false, max: 90 },
      ...[5, 6, 7, 8, 9].map((column) => ({ column, max: 110 })),
    ],
  });
}

async function drawAggregateTable(ctx: DrawContext, model: AggregateRealisasiModel, tailHeight: number): Promise<void> {
  const h = ctx.template.columns.aggregate;
  const childLevel = model.childLevel as keyof typeof h.name;
  const columns: TableColumn[] = [
    { width: 22, align: 'center' },
    { width: 76 },
    { width: '*' },
    { width: 80, align: 'right' },
    { width: 80, align: 'right' },
    { width: 80, align: 'right' },
    { width: 80, align: 'right' },
    { width: 80, align: 'right' },
    { width: 80, align: 'right' },
    { width: 40, align: 'right' },
  ];
  const headerTexts = [
    h.no,
    h.code,
    h.name[childLevel] ?? '',
    h.allocation,
    h.planned,
    h.realizedBefore,
    h.realizedInPeriod,
    h.realized,
    h.remaining,
    h.percent,
  ];
  const cells = (f: AggregateRealisasiModel['total'], bold = false): TableCell[] => [
    num(f.allocation, bold),
    num(f.planned, bold),
    num(f.realizedBefore, bold),
    num(f.realizedInPeriod, bold),
    num(f.realizedToDate, bold),
    num(f.remaining, bold),
    pct(f.percent, bold),
  ];
  const rows: TableRow[] = model.rows.map((r) => ({
    cells: [{ text: String(r.no) }, { text: r.code }, { text: r.name }, ...cells(r)],
  }));
  if (!rows.length) rows.push({ cells: [{ text: '' }, { text: '' }, { text: '(tidak ada data)', colSpan: 8 }] });
  rows.push({
    fill: FILL_TOTAL,
    cells: [{ text: ctx.template.labels.grandTotal, bold: true, colSpan: 3, align: 'center' }, ...cells(model.total, true)],
  });
  await drawTable(ctx, {
    columns,
    header: [{ cells: headerTexts.map((text) => ({ text, align: 'center' as const })) }, numberingRow(columns.length)],
    rows,
    fontSize: TABLE_SIZE,
    headerFontSize: HEADER_SIZE,
    padding: PADDING,
    headerFill: FILL_HEADER,
    keepTail: { rows: TAIL_ROWS, height: tailHeight },
    fitColumns: [3, 4, 5, 6, 7, 8].map((column) => ({ column, max: 110 })),
  });
}

// Generous per-row height of the small per-category table (one line of 7.5 pt text, padding, border).
const BY_CATEGORY_ROW = 16;

async function drawByCategoryTable(ctx: DrawContext, model: RealisasiReportModel, tailHeight: number): Promise<void> {
  const { doc, fonts } = ctx;
  const h = ctx.template.columns.byCategory;
  // Caption, header, a row per category and the total, kept with what follows (terbilang, signatures).
  ensureSpace(doc, 3 * BODY_SIZE + (model.byCategory.length + 3) * BY_CATEGORY_ROW + tailHeight);
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
  await drawTable(ctx, {
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

/**
 * Landscape realisasi report for any level: kop, title, identity, table, terbilang, signatures. The terbilang and
 * the signatures are measured first, so the table's last rows move with them rather than leave them alone on a page.
 */
export async function drawRealisasiReport(ctx: DrawContext, model: RealisasiReportModel): Promise<void> {
  const t = ctx.template;
  drawKop(ctx);
  drawTitle(ctx, t.titles.realisasi);
  const identity = identityRows(ctx, model);
  if (model.level === 'kelurahan') identity.push([t.identity.allocation, formatRupiahAmount(model.allocation)]);
  drawIdentity(ctx, identity);

  const tail: Block[] = [layoutTerbilang(ctx, model.amountsInWords), signatureBlock(ctx, model.signature, model.level)];
  if (model.level === 'kelurahan') {
    await drawKelurahanTable(ctx, model, blocksHeight(tail));
  } else if (model.hasCategorySplit) {
    await drawAggregateTable(ctx, model, 0);
    await drawByCategoryTable(ctx, model, blocksHeight(tail));
  } else {
    await drawAggregateTable(ctx, model, blocksHeight(tail));
  }
  drawTogether(ctx.doc, tail);
}
