import { blocksHeight, drawTable, drawTogether, type Block, type DrawContext } from '../pdf/layout-parts';
import type { TableColumn, TableRow } from '../pdf/paginated-table';
import {
  docMoney, drawBookHeading, bookSignatureBlock, FILL_HEADER, FILL_SUBTOTAL, FILL_TOTAL, HEADER_SIZE, moneyCell, numberingRow, PADDING,
  TABLE_SIZE, textCell,
} from './books-layout-parts';
import type { PajakModel } from './pajak.model';

async function drawChronological(ctx: DrawContext, model: PajakModel, tail: Block[]): Promise<void> {
  const columns: TableColumn[] = [
    { width: 26, align: 'center' }, { width: 78 }, { width: '*' }, { width: 96 }, { width: 86, align: 'right' }, { width: 86, align: 'right' }, { width: 90, align: 'right' },
  ];
  const rows: TableRow[] = [
    { fill: FILL_SUBTOTAL, cells: [textCell(''), textCell(''), textCell('Saldo belum disetor bulan lalu', true), textCell(''), textCell(''), textCell(''), moneyCell(model.opening, true)] },
    ...model.lines.map((l) => ({
      cells: [
        { text: String(l.no), align: 'center' as const }, textCell(l.dateLabel), textCell(l.description), textCell(l.taxLabel),
        { text: l.withheld ? docMoney(l.withheld) : '', align: 'right' as const }, { text: l.deposited ? docMoney(l.deposited) : '', align: 'right' as const }, moneyCell(l.balance),
      ],
    })),
  ];
  if (!model.lines.length) rows.push({ cells: [textCell(''), textCell(''), textCell('(tidak ada pungutan atau setoran bulan ini)', false, 5)] });
  const t = model.total;
  rows.push({ fill: FILL_SUBTOTAL, cells: [textCell('Jumlah bulan ini', true, 4), moneyCell(t.thisMonth, true), moneyCell(t.depositedThisMonth, true), textCell('')] });
  rows.push({ fill: FILL_SUBTOTAL, cells: [textCell('Jumlah s.d. bulan lalu', true, 4), moneyCell(t.before, true), moneyCell(t.depositedBefore, true), textCell('')] });
  rows.push({ fill: FILL_TOTAL, cells: [textCell('Jumlah s.d. bulan ini', true, 4), moneyCell(t.toDate, true), moneyCell(t.depositedToDate, true), moneyCell(t.outstanding, true)] });
  await drawTable(ctx, {
    columns,
    header: [{ cells: ['No', 'Tanggal', 'Uraian', 'Jenis Pajak', 'Pungutan (Rp)', 'Penyetoran (Rp)', 'Saldo (Rp)'].map((text) => ({ text, align: 'center' as const })) }, numberingRow(7)],
    rows, fontSize: TABLE_SIZE, headerFontSize: HEADER_SIZE, padding: PADDING, headerFill: FILL_HEADER,
    keepTail: { rows: 4, height: blocksHeight(tail) },
  });
}

async function drawRecap(ctx: DrawContext, model: PajakModel, tail: Block[]): Promise<void> {
  const columns: TableColumn[] = [
    { width: 26, align: 'center' }, { width: '*' },
    ...Array.from({ length: 7 }, () => ({ width: 74, align: 'right' as const })),
  ];
  const rows: TableRow[] = model.recap.map((r, i) => ({
    cells: [
      { text: String(i + 1), align: 'center' as const }, textCell(r.label),
      moneyCell(r.withheld.before), moneyCell(r.withheld.thisMonth), moneyCell(r.withheld.toDate),
      moneyCell(r.deposited.before), moneyCell(r.deposited.thisMonth), moneyCell(r.deposited.toDate), moneyCell(r.outstanding),
    ],
  }));
  const t = model.total;
  rows.push({
    fill: FILL_TOTAL,
    cells: [textCell('Jumlah', true, 2), moneyCell(t.before, true), moneyCell(t.thisMonth, true), moneyCell(t.toDate, true),
      moneyCell(t.depositedBefore, true), moneyCell(t.depositedThisMonth, true), moneyCell(t.depositedToDate, true), moneyCell(t.outstanding, true)],
  });
  const sub = ['s.d. bulan lalu', 'bulan ini', 's.d. bulan ini'];
  await drawTable(ctx, {
    columns,
    header: [
      { cells: [{ text: 'No', align: 'center' }, { text: 'Jenis Pajak', align: 'center' }, { text: 'Pungutan (Rp)', align: 'center', colSpan: 3 },
        { text: 'Penyetoran (Rp)', align: 'center', colSpan: 3 }, { text: 'Sisa belum disetor (Rp)', align: 'center' }] },
      { cells: [textCell(''), textCell(''), ...[...sub, ...sub].map((text) => ({ text, align: 'center' as const })), textCell('')] },
      numberingRow(9),
    ],
    rows, fontSize: TABLE_SIZE, headerFontSize: HEADER_SIZE, padding: PADDING, headerFill: FILL_HEADER,
    keepTail: { rows: 2, height: blocksHeight(tail) },
  });
}

/** Buku Pembantu Pajak: the chronological book, or the recap per tax. */
export async function drawPajak(ctx: DrawContext, model: PajakModel): Promise<void> {
  drawBookHeading(ctx, model.titleLines);
  // The signatures are measured first: the table's last rows go to their page with them.
  const tail = [bookSignatureBlock(ctx, model.signature)];
  if (model.layout === 'recap') await drawRecap(ctx, model, tail);
  else await drawChronological(ctx, model, tail);
  drawTogether(ctx.doc, tail);
}
