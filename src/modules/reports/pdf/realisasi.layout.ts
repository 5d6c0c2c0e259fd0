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
import type { LazyTableRows, TableCell, TableColumn, TableRow } from './paginated-table';
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
  // What each table row shows, as two numbers (group, line or one of the kinds below); the cells themselves are made
  // when the row is measured or drawn (LazyTableRows), so a long report never holds every cell at once.
  const HEADER = -1;
  const EMPTY = -2;
  const SUBTOTAL = -3;
  const TOTAL_GROUP = -1;
  const groupOf: number[] = [];
  const lineOf: number[] = [];
  const add = (g: number, l: number) => {
    groupOf.push(g);
    lineOf.push(l);
  };
  // Distinct texts only: the fitted columns measure each text once.
  const volumes = new Set<string>();
  const sources = new Set<string>();
  model.groups.forEach((group, g) => {
    add(g, HEADER);
    group.lines.forEach((line, l) => {
      volumes.add(formatVolume(line.volume, line.unit));
      sources.add(fundingShort(ctx, line.fundingSource));
      add(g, l);
    });
    if (!group.lines.length) add(g, EMPTY);
    add(g, SUBTOTAL);
  });
  add(TOTAL_GROUP, SUBTOTAL);
  const rows: LazyTableRows = {
    length: groupOf.length,
    row(i: number): TableRow {
      const g = groupOf[i];
      const l = lineOf[i];
      if (g === TOTAL_GROUP) {
        return {
          fill: FILL_TOTAL,
          cells: [
            { text: ctx.template.labels.grandTotal, bold: true, colSpan: 5, align: 'center' },
            ...figureCells(model.total, true),
          ],
        };
      }
      const group = model.groups[g];
      if (l === HEADER) return groupHeaderRow(group, 9);
      if (l === EMPTY) return { cells: [{ text: '' }, { text: '' }, { text: '(tidak ada rincian belanja)', colSpan: 9 }] };
      if (l === SUBTOTAL) {
        const label = fillTemplate(ctx.template.labels.subtotal, { ...ctx.vars, GROUP_LETTER: group.letter }) ?? '';
        return { fill: FILL_SUBTOTAL, cells: [{ text: '' }, { text: label, bold: true, colSpan: 4 }, ...figureCells(group.subtotal, true)] };
      }
      const line = group.lines[l];
      return {
        cells: [
          { text: String(line.no) },
          { text: line.accountCode },
          { text: describeLine(ctx, line) },
          { text: formatVolume(line.volume, line.unit) },
          { text: fundingShort(ctx, line.fundingSource) },
          ...figureCells(line),
        ],
      };
    },
  };

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
      { column: 3, texts: [...volumes], bold: false, max: 110 },
      { column: 4, texts: [...sources], bold: false, max: 90 },
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
