import PDFDocument from 'pdfkit';
import * as QRCode from 'qrcode';
import type { PlanDocumentModel, RealisasiReportModel, ReportModel } from '../model/report.types';
import { fontFilesFor, type ReportFontChoice } from './fonts';
import type { DrawContext } from './layout-parts';
import { drawPlanDocument } from './plan.layout';
import { drawRealisasiReport } from './realisasi.layout';
import { fillTemplate, type LoadedReportTemplate, type TemplateVars } from './report-template';

export type PdfKind = 'realisasi' | 'plan';

export interface RenderOptions {
  /** Overrides the template's font; the service maps REPORT_FONT here (process.env is read only in config/). */
  font?: ReportFontChoice;
}

// The bottom margin holds the footer (document number, hash, QR), so body text and tables never reach it.
const MARGINS = { top: 34, left: 36, right: 36, bottom: 66 };
const QR_SIZE = 50;
const FOOTER_SIZE = 6.5;

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
    PERIOD: model.kind === 'realisasi' ? model.periodLabel : `Tahun Anggaran ${model.year}`,
    PERIOD_UPPER: (model.kind === 'realisasi' ? model.periodLabel : `Tahun Anggaran ${model.year}`).toUpperCase(),
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

function drawPageFooters(ctx: DrawContext, qr: OpenedImage): void {
  const { doc, fonts, template, vars } = ctx;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const page = doc.page;
    // pdfkit adds a page when text starts below maxY(); the footer lives in the bottom margin on purpose.
    const savedBottom = page.margins.bottom;
    page.margins.bottom = 0;
    const left = page.margins.left;
    const width = page.width - left - page.margins.right;
    const top = page.height - savedBottom + 8;
    const textWidth = width - QR_SIZE - 10;

    doc.save().lineWidth(0.5).strokeColor('#777777').moveTo(left, top - 3).lineTo(left + width, top - 3).stroke().restore();
    doc.image(qr as unknown as Buffer, left + width - QR_SIZE, top, { width: QR_SIZE, height: QR_SIZE });
    const pageVars = { ...vars, PAGE: String(i - range.start + 1), PAGES: String(range.count) };
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
    page.margins.bottom = savedBottom;
  }
}

/** Draws `model` with `template` into a PDF Buffer, in this thread. */
export async function renderReportPdf(
  kind: PdfKind,
  model: ReportModel,
  template: LoadedReportTemplate,
  options: RenderOptions = {},
): Promise<Buffer> {
  if (model.kind !== kind) throw new TypeError(`renderReportPdf: a ${model.kind} model cannot be drawn as ${kind}`);
  const fonts = options.font ? fontFilesFor(options.font) : template.fontFiles;
  const qrPng = await QRCode.toBuffer(model.document.qrPayload, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 1,
    width: 200,
  });
  const issuedAt = new Date(model.document.issuedAt);
  const vars = templateVars(model, template);
  const title = (kind === 'plan' ? template.titles.plan : template.titles.realisasi)
    .map((l) => fillTemplate(l, vars))
    .filter(Boolean)
    .join(' ');

  const doc = new PDFDocument({
    size: 'A4',
    layout: kind === 'plan' ? 'portrait' : 'landscape',
    margins: MARGINS,
    bufferPages: true,
    // A file path, never a registerFont() alias (see fonts.ts).
    font: fonts.regular,
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
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const ctx: DrawContext = { doc, fonts, template, vars };
  if (kind === 'plan') drawPlanDocument(ctx, model as PlanDocumentModel);
  else drawRealisasiReport(ctx, model as RealisasiReportModel);
  // Embedded once, drawn on every page.
  drawPageFooters(ctx, openImage(doc, qrPng));
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
