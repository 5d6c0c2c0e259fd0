import type { DrawContext } from '../pdf/layout-parts';
import { drawBku } from './bku.layout';
import type { BkuModel } from './bku.model';

/** The bendahara's documents drawn by the report renderer (kind → layout). */
export type BookDocumentModel = BkuModel;
export type BookPdfKind = BookDocumentModel['kind'];
export const BOOK_PDF_KINDS: readonly BookPdfKind[] = ['bku'];

export const isBookKind = (kind: string): kind is BookPdfKind => (BOOK_PDF_KINDS as readonly string[]).includes(kind);

export function drawBookDocument(ctx: DrawContext, model: BookDocumentModel): void {
  switch (model.kind) {
    case 'bku':
      return drawBku(ctx, model);
  }
}
