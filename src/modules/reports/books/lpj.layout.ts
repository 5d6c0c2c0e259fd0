import { formatRupiah } from '../../../common/money/rupiah';
import { blocksHeight, drawTable, drawTogether, type Block, type DrawContext } from '../pdf/layout-parts';
import type { TableColumn, TableRow } from '../pdf/paginated-table';
import {
  bookSignatureBlock, drawBookHeading, FILL_HEADER, labelledLinesBlock, FILL_SUBTOTAL, FILL_TOTAL, HEADER_SIZE, moneyCell, numberingRow, PADDING,
  TABLE_SIZE, textCell,
} from './books-layout-parts';
import type { Figures, LpjModel } from './lpj.model';

const three = (f: Figures, bold = false) => [moneyCell(f.before, bold), moneyCell(f.thisMonth, bold), moneyCell(f.toDate, bold)];
const SUB = ['s.d. bulan lalu', 'bulan ini', 's.d. bulan ini'];

async function drawSpending(ctx: DrawContext, model: LpjModel): Promise<void> {
  const columns: TableColumn[] = [{ width: 26, align: 'center' }, { width: '*' }, ...Array.from({ length: 7 }, () => ({ width: 76, align: 'right' as const }))];
  const rows: TableRow[] = model.spending.map((s, i) => ({
    cells: [{ text: String(i + 1), align: 'center' as const }, textCell(s.accountCode), ...three(s.ls), ...three(s.up), moneyCell(s.total)],
  }));
  if (!rows.length) rows.push({ cells: [textCell(''), textCell('(belum ada SPJ)', false, 8)] });
  const t = model.spendingTotal;
  rows.push({ fill: FILL_TOTAL, cells: [textCell('Jumlah', true, 2), ...three(t.ls, true), ...three(t.up, true), moneyCell(t.total, true)] });
  await drawTable(ctx, {
    columns,
    header: [
      { cells: [{ text: 'No', align: 'center' }, { text: 'Kode Rekening', align: 'center' }, { text: 'SPJ LS (Rp)', align: 'center', colSpan: 3 },
        { text: 'SPJ UP/GU/TU (Rp)', align: 'center', colSpan: 3 }, { text: 'Jumlah SPJ s.d. bulan ini (Rp)', align: 'center' }] },
      { cells: [textCell(''), textCell(''), ...[...SUB, ...SUB].map((text) => ({ text, align: 'center' as const })), textCell('')] },
      numberingRow(9),
    ],
    rows, fontSize: TABLE_SIZE, headerFontSize: HEADER_SIZE, padding: PADDING, headerFill: FILL_HEADER,
  });
}

async function drawCash(ctx: DrawContext, model: LpjModel, tail: Block[]): Promise<void> {
  const columns: TableColumn[] = [{ width: '*' }, { width: 96, align: 'right' }, { width: 96, align: 'right' }, { width: 96, align: 'right' }];
  const rows: TableRow[] = [
    { fill: FILL_SUBTOTAL, cells: [textCell('Penerimaan', true, 4)] },
    ...model.receipts.map((r) => ({ cells: [textCell(`   ${r.label}`), ...three(r.figures)] })),
    { cells: [textCell('Jumlah penerimaan', true), ...three(model.receiptsTotal, true)] },
    { fill: FILL_SUBTOTAL, cells: [textCell('Pengeluaran', true, 4)] },
    ...model.payments.map((r) => ({ cells: [textCell(`   ${r.label}`), ...three(r.figures)] })),
    { cells: [textCell('Jumlah pengeluaran', true), ...three(model.paymentsTotal, true)] },
    { fill: FILL_TOTAL, cells: [textCell('Saldo kas', true, 3), moneyCell(model.closing, true)] },
  ];
  ctx.doc.moveDown(0.8);
  await drawTable(ctx, {
    columns,
    header: [{ cells: [{ text: 'Uraian', align: 'center' }, ...SUB.map((s) => ({ text: `${s} (Rp)`, align: 'center' as const }))] }],
    rows, fontSize: TABLE_SIZE, headerFontSize: HEADER_SIZE, padding: PADDING, headerFill: FILL_HEADER,
    keepTail: { rows: 2, height: blocksHeight(tail) },
  });
}

/** LPJ bendahara pengeluaran pembantu: SPJ per kode rekening, then receipts and payments to the cash at month end. */
export async function drawLpj(ctx: DrawContext, model: LpjModel): Promise<void> {
  drawBookHeading(ctx, model.titleLines);
  await drawSpending(ctx, model);
  // The closing line and the signatures are measured first: the cash table's last rows go to their page with them.
  const tail = [
    labelledLinesBlock(ctx, [[`Saldo kas bendahara pengeluaran pembantu per akhir ${model.periodLabel}`, formatRupiah(model.closing)]]),
    bookSignatureBlock(ctx, model.signature),
  ];
  await drawCash(ctx, model, tail);
  drawTogether(ctx.doc, tail);
}
