import type { DrawContext } from '../pdf/layout-parts';
import { drawBku } from './bku.layout';
import type { BkuModel } from './bku.model';
import { drawLpj } from './lpj.layout';
import type { LpjModel } from './lpj.model';
import { drawPajak } from './pajak.layout';
import type { PajakModel } from './pajak.model';

/** The bendahara's documents drawn by the report renderer (kind → layout). */
export type BookDocumentModel = BkuModel | PajakModel | LpjModel;
export type BookPdfKind = BookDocumentModel['kind'];
export const BOOK_PDF_KINDS: readonly BookPdfKind[] = ['bku', 'pajak', 'lpj'];

export const isBookKind = (kind: string): kind is BookPdfKind => (BOOK_PDF_KINDS as readonly string[]).includes(kind);

export async function drawBookDocument(ctx: DrawContext, model: BookDocumentModel): Promise<void> {
  switch (model.kind) {
    case 'bku':
      return drawBku(ctx, model);
    case 'pajak':
      return drawPajak(ctx, model);
    case 'lpj':
      return drawLpj(ctx, model);
  }
}

/** Table rows of a book document: what decides whether it renders as a job. */
export function bookTableRows(model: BookDocumentModel): number {
  if (model.kind === 'lpj') return model.spending.length + model.receipts.length + model.payments.length;
  return model.lines.length;
}
