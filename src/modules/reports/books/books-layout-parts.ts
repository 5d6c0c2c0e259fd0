import { formatNumberId } from '../../../common/money/rupiah';
import type { SignatoryInput, SignatureSection } from '../model/report.types';
import { BODY_SIZE, contentWidth, drawKop, ensureSpace, layoutSignatures, type DrawContext } from '../pdf/layout-parts';
import type { TableCell, TableRow } from '../pdf/paginated-table';

export const TABLE_SIZE = 7.5;
export const HEADER_SIZE = 7;
export const PADDING = 3;
export const FILL_HEADER = '#e4e4e4';
export const FILL_TOTAL = '#dcdcdc';
export const FILL_SUBTOTAL = '#f6f6f6';

/** Money on a document: grouped thousands, a negative in brackets. */
export function docMoney(n: number): string {
  return n < 0 ? `(${formatNumberId(-n)})` : formatNumberId(n);
}

export const moneyCell = (n: number, bold = false): TableCell => ({ text: docMoney(n), align: 'right', bold });
export const textCell = (text: string, bold = false, colSpan?: number): TableCell => ({ text, bold, ...(colSpan ? { colSpan } : {}) });

/** Column numbers under the header, as in the printed forms. */
export const numberingRow = (count: number): TableRow => ({
  cells: Array.from({ length: count }, (_, i) => ({ text: String(i + 1), align: 'center' as const })),
});

/** Kop, then the title lines as the model gives them (the books' wording is fixed by Permendagri 77/2020 forms). */
export function drawBookHeading(ctx: DrawContext, titleLines: string[]): void {
  const { doc, fonts } = ctx;
  drawKop(ctx);
  const left = doc.page.margins.left;
  doc.font(fonts.bold).fontSize(11);
  for (const line of titleLines) doc.text(line, left, doc.y, { width: contentWidth(doc), align: 'center' });
  doc.moveDown(0.8);
}

/** "Label : value" lines in the body font, e.g. the composition of the cash at the end of the month. */
export function drawLabelledLines(ctx: DrawContext, lines: Array<[string, string]>, labelWidth = 380): void {
  const { doc, fonts } = ctx;
  const left = doc.page.margins.left;
  doc.moveDown(0.6);
  ensureSpace(doc, (lines.length + 1) * 12);
  doc.fontSize(BODY_SIZE);
  for (const [label, value] of lines) {
    const y = doc.y;
    // The label may wrap: the row is as tall as the label, whatever the value's height.
    const height = doc.font(fonts.regular).heightOfString(label, { width: labelWidth });
    doc.text(label, left, y, { width: labelWidth });
    doc.text(':', left + labelWidth, y, { width: 10 });
    doc.font(fonts.bold).text(value, left + labelWidth + 12, y, { width: 160, align: 'right' });
    doc.y = y + Math.max(height, doc.currentLineHeight(true));
  }
  doc.x = left;
}

/** The two signatures of the bendahara's books: "Mengetahui, Lurah … selaku KPA" left, the bendahara right. */
export function drawBookSignatures(ctx: DrawContext, section: SignatureSection): void {
  // No template slots for the books (the wording is in the signatories), so the blocks come out in the given order.
  const row = layoutSignatures(ctx, section, 'books' as never);
  if (!row.count) return;
  ctx.doc.moveDown(1);
  ensureSpace(ctx.doc, row.height);
  row.draw(ctx.doc.y);
}

/** Lurah (KPA) then bendahara, with the wording of the books' signature blocks. */
export function bookSignatories(kelurahanName: string, lurah: Omit<SignatoryInput, 'role'> | null, bendahara: Omit<SignatoryInput, 'role'> | null): SignatoryInput[] {
  return [
    { role: 'lurah', name: lurah?.name ?? '', nip: lurah?.nip ?? null, rank: lurah?.rank ?? null, roleLabel: 'Mengetahui,', title: `Lurah ${kelurahanName}`, subtitle: 'selaku Kuasa Pengguna Anggaran' },
    { role: 'bendahara', name: bendahara?.name ?? '', nip: bendahara?.nip ?? null, rank: bendahara?.rank ?? null, roleLabel: '', title: 'Bendahara Pengeluaran Pembantu', subtitle: `Kelurahan ${kelurahanName}` },
  ];
}
