import { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import * as QRCode from 'qrcode';
import type { PlanDocumentModel, RealisasiReportModel, ReportModel } from '../model/report.types';
import { dropFontLayoutCaches, fontFilesFor, registerReportFonts, type FontFiles, type ReportFontChoice } from './fonts';
import type { DrawContext } from './layout-parts';
import { TablePasses } from './paginated-table';
import { drawPlanDocument } from './plan.layout';
import { drawBookDocument, isBookKind, type BookDocumentModel, type BookPdfKind } from '../books/book-documents';
import { drawRealisasiReport } from './realisasi.layout';
import { fillTemplate, type LoadedReportTemplate, type TemplateVars } from './report-template';

export type PdfKind = 'realisasi' | 'plan' | BookPdfKind;

export interface RenderOptions {
  /** Overrides the template's font; the service maps REPORT_FONT here (process.env is read only in config/). */
  font?: ReportFontChoice;
}

// The bottom margin holds the footer (document number, hash, QR), so body text and tables never reach it. The QR
// code stays 10 mm clear of the paper's edge: office printers leave 4–6 mm unprinted and clipped it at 3 mm.
const QR_SIZE = 48;
export const QR_EDGE_CLEARANCE = 29; // pt ≈ 10.2 mm
const FOOTER_GAP = 8;
const MARGINS = { top: 34, left: 36, right: 36, bottom: QR_EDGE_CLEARANCE + QR_SIZE + FOOTER_GAP };
const FOOTER_SIZE = 6.5;
// Pages between two drops of pdfkit's word layout cache: words recurring on nearby pages are laid out once per run.
const FONT_CACHE_PAGES = 10;

/** Placeholder values for the template: region names (as given and upper-case), year, period, registry data. */
export function templateVars(model: ReportModel, template: LoadedReportTemplate): TemplateVars {
  const r = model.region;
  const vars: TemplateVars = {
    KELURAHAN: r.kelurahan?.name ?? null,
    KELURAHAN_UPPER: r.kelurahan?.name.toUpperCase() ?? null,
    KECAMATAN: r.kecamatan?.name ?? null,
    KECAMATAN_UPPER: r.kecamatan?.name.toUpperCase() ?? null,
    KABKOTA: r.kabkota?.name ?? null,
    KABKOTA_UPPER: r.kabkota?.name.toUpperCase() ?? null,
    PROVINSI: r.provinsi?.name ?? null,
    PROVINSI_UPPER: r.provinsi?.name.toUpperCase() ?? null,
    YEAR: String(model.year),
    PERIOD: 'periodLabel' in model ? model.periodLabel : `Tahun Anggaran ${model.year}`,
    PERIOD_UPPER: ('periodLabel' in model ? model.periodLabel : `Tahun Anggaran ${model.year}`).toUpperCase(),
    DOCUMENT_NUMBER: model.document.documentNumber,
    FINGERPRINT: model.document.dataSha256,
    VERIFY_URL: model.document.verifyUrl,
  };
  const addresses = template.kop.addresses ?? {};
  const ownAddress = [r.kelurahan, r.kecamatan, r.kabkota, r.provinsi].find((x) => x && addresses[x.code]);
  vars.ADDRESS = ownAddress ? addresses[ownAddress.code] : template.kop.address || null;
  vars.REGION_TITLE = fillTemplate(template.regionTitle[r.level] ?? '', vars) ?? model.regionTitle;
  return vars;
}

// pdfkit's openImage() is untyped: it parses a PNG once so doc.image() embeds it once, however many pages draw it.
type OpenedImage = { readonly width: number; readonly height: number };
function openImage(doc: PDFKit.PDFDocument, png: Buffer): OpenedImage {
  return (doc as unknown as { openImage(src: Buffer): OpenedImage }).openImage(png);
}

/** What pdfkit keeps between drawing calls; a footer drawn in the middle of the body must hand it back unchanged. */
interface TextState {
  x: number;
  y: number;
  _font: unknown;
  _fontSource: unknown;
  _fontFamily: string | null;
  _fontSize: number;
  _fillColor: unknown;
  // A text run with `continued: true` that broke onto a new page is still open; the footer's text must not join it.
  _wrapper: unknown;
  _textOptions: unknown;
}

/** Document number, fingerprint, QR and "Halaman x dari y" in the bottom margin of the current page. */
function drawFooter(ctx: DrawContext, qr: OpenedImage, page: number, pages: number): void {
  const { doc, fonts, template, vars } = ctx;
  const current = doc.page;
  // pdfkit adds a page when text starts below maxY(); the footer lives in the bottom margin on purpose.
  const savedBottom = current.margins.bottom;
  current.margins.bottom = 0;
  const left = current.margins.left;
  const width = current.width - left - current.margins.right;
  const top = current.height - QR_EDGE_CLEARANCE - QR_SIZE;
  const textWidth = width - QR_SIZE - 10;

  doc.save().lineWidth(0.5).strokeColor('#777777').moveTo(left, top - 3).lineTo(left + width, top - 3).stroke().restore();
  doc.image(qr as unknown as Buffer, left + width - QR_SIZE, top, { width: QR_SIZE, height: QR_SIZE });
  const pageVars = { ...vars, PAGE: String(page), PAGES: String(pages) };
  const lines = [template.footer.documentNumber, template.footer.fingerprint, template.footer.verify]
    .map((l) => fillTemplate(l, pageVars))
    .filter((l): l is string => !!l);
  doc.font(fonts.regular).fontSize(FOOTER_SIZE).fillColor('#333333');
  // The first line shares its row with the page number; the others may use the width up to the QR code.
  lines.forEach((text, n) => doc.text(text, left, top + 2 + n * 9, { width: textWidth - (n === 0 ? 130 : 0) }));
  doc
    .font(fonts.bold)
    .fontSize(7.5)
    .fillColor('black')
    .text(fillTemplate(template.footer.page, pageVars) ?? '', left + textWidth - 120, top + 2, {
      width: 120,
      align: 'right',
      lineBreak: false,
    });
  current.margins.bottom = savedBottom;
}

/**
 * Draws each page's footer just before pdfkit moves on to the next page (and once at the end), so pages can be
 * written out as they are finished instead of all being kept for a final footer pass. Throws if the document runs
 * to more or fewer pages than `pages`, the count of the layout pass.
 */
function footerOnEveryPage(ctx: DrawContext, qr: OpenedImage, pages: number): { finish(): void } {
  const doc = ctx.doc;
  const state = doc as unknown as TextState;
  let finished = 0;
  let inFooter = false;
  const finishPage = () => {
    if (inFooter) throw new Error('PDF footer does not fit in the bottom margin');
    const page = finished + 1;
    if (page > pages) {
      throw new Error(`PDF page count mismatch: the layout pass counted ${pages} pages, drawing made more`);
    }
    const saved: TextState = {
      x: state.x,
      y: state.y,
      _font: state._font,
      _fontSource: state._fontSource,
      _fontFamily: state._fontFamily,
      _fontSize: state._fontSize,
      _fillColor: state._fillColor,
      _wrapper: state._wrapper,
      _textOptions: state._textOptions,
    };
    state._wrapper = null;
    state._textOptions = null;
    inFooter = true;
    doc.save();
    drawFooter(ctx, qr, page, pages);
    doc.restore();
    inFooter = false;
    Object.assign(state, saved);
    finished = page;
  };
  // pdfkit starts every page through addPage() (continueOnNewPage() and the line wrapper call it too), and without
  // bufferPages it writes out the previous page right there, so the footer goes on first.
  const addPage = doc.addPage.bind(doc);
  doc.addPage = (options?: PDFKit.PDFDocumentOptions) => {
    finishPage();
    return addPage(options);
  };
  return {
    finish() {
      finishPage();
      if (finished !== pages) {
        throw new Error(`PDF page count mismatch: the layout pass counted ${pages} pages, drawing made ${finished}`);
      }
    },
  };
}

function drawBody(kind: PdfKind, ctx: DrawContext, model: ReportModel): Promise<void> {
  if (kind === 'plan') return drawPlanDocument(ctx, model as PlanDocumentModel);
  if (isBookKind(kind)) return drawBookDocument(ctx, model as BookDocumentModel);
  return drawRealisasiReport(ctx, model as RealisasiReportModel);
}

/** A new document with the report fonts registered; `buffered` keeps every page until the end (small documents). */
function newDocument(model: ReportModel, files: FontFiles, title: string, buffered: boolean): { doc: PDFKit.PDFDocument; fonts: FontFiles } {
  const issuedAt = new Date(model.document.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    // The plan is portrait; an amendment needs the width for semula beside menjadi.
    layout: model.kind === 'plan' && !model.amendment ? 'portrait' : 'landscape',
    margins: MARGINS,
    bufferPages: buffered,
    // No default font: the report fonts are registered below and set before anything is drawn.
    font: '',
    lang: 'id-ID',
    displayTitle: true,
    info: {
      Title: title,
      Subject: model.document.documentNumber,
      Author: model.document.issuedBy ?? 'Sistem Informasi Dana Kelurahan',
      Keywords: `sha256:${model.document.dataSha256}`,
      // Fixed from the model so re-rendering the same model gives the same text and file ID.
      CreationDate: issuedAt,
      ModDate: issuedAt,
    },
  });
  const fonts = registerReportFonts(doc, files);
  doc.font(fonts.regular);
  let added = 0;
  doc.on('pageAdded', () => {
    if (++added % FONT_CACHE_PAGES === 0) dropFontLayoutCaches(doc);
  });
  return { doc, fonts };
}

// Up to about 15 pages a document is drawn once with its pages held in memory, then footed page by page; a longer
// one is laid out twice (count, then draw and write each page as it is finished), so memory stays flat.
export const SINGLE_PASS_MAX_ROWS = 400;

export function tableRows(model: ReportModel): number {
  if (model.kind === 'bku' || model.kind === 'pajak') return model.lines.length;
  if (model.kind === 'lpj') return model.spending.length + model.receipts.length + model.payments.length;
  if (model.kind === 'plan') return model.amendment ? model.amendment.groups.reduce((a, g) => a + g.lines.length, 0) : model.groups.reduce((a, g) => a + g.lines.length, 0);
  return model.level === 'kelurahan' ? model.groups.reduce((a, g) => a + g.lines.length, 0) : model.rows.length;
}

// Size of the blocks a PDF is gathered in (see blockSink).
export const PDF_BLOCK_BYTES = 256 * 1024;

/**
 * A Writable that copies what pdfkit writes into fixed blocks of their own and hands each block on once it is full
 * (and the last, partly filled one, on finish). pdfkit's chunks are small views into larger buffers (zlib's 16 KB
 * output buffers, Node's 8 KB pool): keeping the chunks kept those whole buffers alive, about three times the PDF.
 */
export function blockSink(onBlock: (block: Buffer) => void, blockBytes = PDF_BLOCK_BYTES): Writable {
  let block = Buffer.allocUnsafeSlow(blockBytes);
  let used = 0;
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      let at = 0;
      while (at < chunk.length) {
        const n = chunk.copy(block, used, at);
        used += n;
        at += n;
        if (used === block.length) {
          onBlock(block);
          block = Buffer.allocUnsafeSlow(blockBytes);
          used = 0;
        }
      }
      done();
    },
    final(done) {
      if (used > 0) onBlock(block.subarray(0, used));
      done();
    },
  });
}

/** Joins blocks into one buffer that owns its whole ArrayBuffer (no shared pool), emptying `blocks` as it goes. */
export function joinBlocks(blocks: Buffer[]): Buffer {
  const length = blocks.reduce((a, b) => a + b.length, 0);
  const all = Buffer.from(new ArrayBuffer(length));
  let at = 0;
  for (const b of blocks.splice(0)) {
    b.copy(all, at);
    at += b.length;
  }
  return all;
}

/** A PDF in memory, gathered in blocks (blockSink) and joined once at the end, so a worker can hand it over as is. */
function bufferSink(): { out: Writable; bytes(): Buffer } {
  const blocks: Buffer[] = [];
  return { out: blockSink((b) => blocks.push(b)), bytes: () => joinBlocks(blocks) };
}

/** Pipes the document into `out` and resolves once `out` has taken every byte (or rejects on an error of either). */
function pipeTo(doc: PDFKit.PDFDocument, out: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    doc.on('error', reject);
    out.on('error', reject);
    out.on('finish', () => resolve());
    doc.pipe(out);
  });
}

/**
 * The layout pass on a throw-away document of its own scope, so nothing of it outlives the count. Flowing with no
 * reader: what it writes is dropped at once instead of piling up unread; it is never ended.
 */
async function countPages(
  kind: PdfKind,
  model: ReportModel,
  files: FontFiles,
  title: string,
  ctx: Omit<DrawContext, 'doc' | 'fonts'>,
): Promise<number> {
  const counting = newDocument(model, files, title, false);
  counting.doc.resume();
  await drawBody(kind, { ...ctx, doc: counting.doc, fonts: counting.fonts }, model);
  const range = counting.doc.bufferedPageRange();
  return range.start + range.count;
}

/**
 * Draws `model` with `template` into a PDF Buffer, in this thread. Drawing gives the event loop a turn every few
 * milliseconds (yieldToEventLoop), so a long document drawn in the app's own thread stalls nothing for long.
 */
export async function renderReportPdf(
  kind: PdfKind,
  model: ReportModel,
  template: LoadedReportTemplate,
  options: RenderOptions = {},
): Promise<Buffer> {
  const sink = bufferSink();
  await writeReportPdf(kind, model, template, sink.out, options);
  return sink.bytes();
}

/**
 * Draws `model` into a stream (a file, an upload): pages are written out as they are finished, so memory stays flat
 * however long the document is. Resolves once `out` has finished.
 */
export async function writeReportPdf(
  kind: PdfKind,
  model: ReportModel,
  template: LoadedReportTemplate,
  out: Writable,
  options: RenderOptions = {},
): Promise<void> {
  if (model.kind !== kind) throw new TypeError(`renderReportPdf: a ${model.kind} model cannot be drawn as ${kind}`);
  const files = options.font ? fontFilesFor(options.font) : template.fontFiles;
  const qrPng = await QRCode.toBuffer(model.document.qrPayload, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 200,
  });
  const vars = templateVars(model, template);
  const titleLines = isBookKind(kind)
    ? (model as BookDocumentModel).titleLines
    : model.kind === 'plan' ? (model.amendment ? template.titles.planAmendment : template.titles.plan) : template.titles.realisasi;
  const title = titleLines
    .map((l) => fillTemplate(l, vars))
    .filter(Boolean)
    .join(' ');

  if (tableRows(model) <= SINGLE_PASS_MAX_ROWS) {
    const { doc, fonts } = newDocument(model, files, title, true);
    const finished = pipeTo(doc, out);
    const ctx: DrawContext = { doc, fonts, template, vars };
    await drawBody(kind, ctx, model);
    const qr = openImage(doc, qrPng);
    const { start, count } = doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      doc.switchToPage(i);
      drawFooter(ctx, qr, i + 1, start + count);
    }
    doc.end();
    return finished;
  }

  // Pass 1, for "Halaman x dari y": the same layout on a throw-away document, tables measured and paginated but
  // not drawn (they are nearly all of the work). That document is never ended, so nothing is written.
  const tables = new TablePasses();
  const pages = await countPages(kind, model, files, title, { template, vars, tables });

  // Pass 2 draws for real, reusing the table measurements, and finishes each page (footer included) as it goes.
  tables.mode = 'draw';
  const { doc, fonts } = newDocument(model, files, title, false);
  const finished = pipeTo(doc, out);
  const ctx: DrawContext = { doc, fonts, template, vars, tables };
  // Embedded once, drawn on every page.
  const footers = footerOnEveryPage(ctx, openImage(doc, qrPng), pages);
  await drawBody(kind, ctx, model);
  footers.finish();
  doc.end();
  return finished;
}

export function renderRealisasiPdf(
  model: RealisasiReportModel,
  template: LoadedReportTemplate,
  options: RenderOptions = {},
): Promise<Buffer> {
  return renderReportPdf('realisasi', model, template, options);
}

export function renderPlanPdf(
  model: PlanDocumentModel,
  template: LoadedReportTemplate,
  options: RenderOptions = {},
): Promise<Buffer> {
  return renderReportPdf('plan', model, template, options);
}
