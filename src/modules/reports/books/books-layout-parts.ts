import { formatNumberId } from '../../../common/money/rupiah';
import type { SignatoryInput, SignatureSection } from '../model/report.types';
import { BODY_SIZE, contentWidth, drawKop, signatureBlock, type Block, type DrawContext } from '../pdf/layout-parts';
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

/** The labelled lines as a block measured before it is drawn, to keep it on the page of the table above it. */
export function labelledLinesBlock(ctx: DrawContext, lines: Array<[string, string]>, labelWidth = 380): Block {
  const { doc, fonts } = ctx;
  doc.font(fonts.regular).fontSize(BODY_SIZE);
  const lh = doc.currentLineHeight(true);
  const gap = lh * 0.6;
  const rows = lines.map(([label]) => Math.max(doc.heightOfString(label, { width: labelWidth }), lh));
  return {
    height: gap + rows.reduce((a, b) => a + b, 0),
    draw() {
      const left = doc.page.margins.left;
      doc.y += gap;
      doc.fontSize(BODY_SIZE);
      lines.forEach(([label, value], i) => {
        const y = doc.y;
        doc.font(fonts.regular).text(label, left, y, { width: labelWidth });
        doc.text(':', left + labelWidth, y, { width: 10 });
        doc.font(fonts.bold).text(value, left + labelWidth + 12, y, { width: 160, align: 'right' });
        doc.y = y + rows[i];
      });
      doc.x = left;
    },
  };
}

/** The books' two signatures as a block, so the table's last rows keep them company on their page. */
export function bookSignatureBlock(ctx: DrawContext, section: SignatureSection): Block {
  // No template slots for the books (the wording is in the signatories), so the blocks come out in the given order.
  return signatureBlock(ctx, section, 'books' as never);
}

/** Lurah (KPA) then bendahara, with the wording of the books' signature blocks. */
export function bookSignatories(kelurahanName: string, lurah: Omit<SignatoryInput, 'role'> | null, bendahara: Omit<SignatoryInput, 'role'> | null): SignatoryInput[] {
  return [
    { role: 'lurah', name: lurah?.name ?? '', nip: lurah?.nip ?? null, rank: lurah?.rank ?? null, roleLabel: 'Mengetahui,', title: `Lurah ${kelurahanName}`, subtitle: 'selaku Kuasa Pengguna Anggaran' },
    { role: 'bendahara', name: bendahara?.name ?? '', nip: bendahara?.nip ?? null, rank: bendahara?.rank ?? null, roleLabel: '', title: 'Bendahara Pengeluaran Pembantu', subtitle: `Kelurahan ${kelurahanName}` },
  ];
}
