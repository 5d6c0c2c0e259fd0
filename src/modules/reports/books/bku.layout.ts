import { formatRupiah } from '../../../common/money/rupiah';
import { blocksHeight, drawTable, drawTogether, type DrawContext } from '../pdf/layout-parts';
import type { TableColumn, TableRow } from '../pdf/paginated-table';
import type { BkuModel } from './bku.model';
import {
  bookSignatureBlock, docMoney, drawBookHeading, FILL_HEADER, labelledLinesBlock, FILL_SUBTOTAL, FILL_TOTAL, HEADER_SIZE, moneyCell,
  numberingRow, PADDING, TABLE_SIZE, textCell,
} from './books-layout-parts';

const HEADERS = ['No', 'Tanggal', 'Kode Rekening', 'Uraian', 'Penerimaan (Rp)', 'Pengeluaran (Rp)', 'Saldo (Rp)'];

/** No | Tanggal | Kode rekening | Uraian | Penerimaan | Pengeluaran | Saldo, with the month's and the year's totals. */
export async function drawBku(ctx: DrawContext, model: BkuModel): Promise<void> {
  drawBookHeading(ctx, model.titleLines);
  const columns: TableColumn[] = [
    { width: 26, align: 'center' },
    { width: 78 },
    { width: 96 },
    { width: '*' },
    { width: 86, align: 'right' },
    { width: 86, align: 'right' },
    { width: 90, align: 'right' },
  ];
  const rows: TableRow[] = [
    { fill: FILL_SUBTOTAL, cells: [textCell(''), textCell(''), textCell(''), textCell('Saldo bulan lalu', true), textCell(''), textCell(''), moneyCell(model.opening, true)] },
  ];
  for (const l of model.lines) {
    rows.push({
      cells: [
        { text: String(l.no), align: 'center' }, textCell(l.dateLabel), textCell(l.accountCode), textCell(l.description),
        { text: l.receipt ? docMoney(l.receipt) : '', align: 'right' }, { text: l.payment ? docMoney(l.payment) : '', align: 'right' }, moneyCell(l.balance),
      ],
    });
  }
  if (!model.lines.length) rows.push({ cells: [textCell(''), textCell(''), textCell(''), textCell('(tidak ada transaksi bulan ini)', false, 4)] });
  const total = (label: string, f: { receipts: number; payments: number }, fill: string): TableRow => ({
    fill,
    cells: [textCell(label, true, 4), moneyCell(f.receipts, true), moneyCell(f.payments, true), textCell('')],
  });
  rows.push(total('Jumlah bulan ini', model.thisMonth, FILL_SUBTOTAL));
  rows.push(total('Jumlah s.d. bulan lalu', model.before, FILL_SUBTOTAL));
  rows.push(total('Jumlah s.d. bulan ini', model.toDate, FILL_TOTAL));
  rows.push({ fill: FILL_TOTAL, cells: [textCell('Saldo akhir bulan ini', true, 6), moneyCell(model.closing, true)] });

  const c = model.composition;
  // The cash composition and the signatures are measured first: the table's totals go to their page with them.
  const tail = [
    labelledLinesBlock(ctx, [
      [`Kas di bendahara pengeluaran pembantu per akhir ${model.periodLabel}`, formatRupiah(model.closing)],
      ['terdiri dari:  a. Tunai', formatRupiah(c.tunai)],
      ['                      b. Bank', formatRupiah(c.bank)],
      ['                      c. Pajak atas pembayaran LS', formatRupiah(c.ls)],
      ['termasuk pajak dipungut yang belum disetor', formatRupiah(c.taxHeld)],
    ]),
    bookSignatureBlock(ctx, model.signature),
  ];
  await drawTable(ctx, {
    columns,
    header: [{ cells: HEADERS.map((text) => ({ text, align: 'center' as const })) }, numberingRow(columns.length)],
    rows,
    fontSize: TABLE_SIZE,
    headerFontSize: HEADER_SIZE,
    padding: PADDING,
    headerFill: FILL_HEADER,
    // The last line of the month and the four total rows.
    keepTail: { rows: 5, height: blocksHeight(tail) },
  });
  drawTogether(ctx.doc, tail);
}
