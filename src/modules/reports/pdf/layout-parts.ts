import type { ProgramKegiatan, RegionIdentity, SignatureSection, Signatory } from '../model/report.types';
import type { FontFiles } from './fonts';
import { drawPaginatedTable, type TablePasses, type TableRow, type TableSpec } from './paginated-table';
import { fillTemplate, type LoadedReportTemplate, type SignatureLayoutKey, type TemplateVars } from './report-template';

/** What every layout function draws with; the renderer builds it once per document. */
export interface DrawContext {
  doc: PDFKit.PDFDocument;
  fonts: FontFiles;
  template: LoadedReportTemplate;
  vars: TemplateVars;
  /** The render's two passes share table measurements through this (see report-renderer.ts). */
  tables?: TablePasses;
}

export const BODY_SIZE = 9;
const LOGO_SIZE = 58;

export function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** A table whose header repeats on every page it runs over, measured once for both passes of the render. */
export function drawTable(ctx: DrawContext, spec: TableSpec): void {
  drawPaginatedTable(ctx.doc, ctx.fonts, spec, ctx.tables);
}

/** Starts a new page unless `height` points still fit above the bottom margin. */
export function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.maxY()) doc.addPage();
}

const quantityFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 3 });

/** Volume is the one non-money quantity that may be fractional: "12,5". */
export const FILL_GROUP = '#f0f0f0';

/** The shaded header row of a sub-kegiatan group: letter, code, and the name across the remaining columns. */
export function groupHeaderRow(group: { letter: string; subKegiatan: { code: string; name: string } }, nameSpan: number): TableRow {
  return {
    fill: FILL_GROUP,
    keepWithNext: true,
    cells: [
      { text: group.letter, bold: true, align: 'center' },
      { text: group.subKegiatan.code, bold: true },
      { text: group.subKegiatan.name, bold: true, colSpan: nameSpan, align: 'left' },
    ],
  };
}

export function formatQuantity(volume: number): string {
  return quantityFormat.format(volume);
}

export function formatVolume(volume: number, unit: string): string {
  return `${formatQuantity(volume)} ${unit}`.trim();
}

/** "Kelurahan Oro-oro Dowo, Kecamatan Klojen, Kota Malang" for the identity block. */
export function locationText(region: RegionIdentity): string {
  const parts: string[] = [];
  if (region.kelurahan) parts.push(`Kelurahan ${region.kelurahan.name}`);
  if (region.kecamatan) parts.push(`Kecamatan ${region.kecamatan.name}`);
  if (region.kabkota) parts.push(region.kabkota.name);
  if (region.provinsi) parts.push(`Provinsi ${region.provinsi.name}`);
  return parts.join(', ');
}

/** Letterhead: optional logo left, centred lines, double rule. Lines whose placeholders have no value are dropped. */
export function drawKop(ctx: DrawContext): void {
  const { doc, fonts, template, vars } = ctx;
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const top = doc.y;
  const lines = template.kop.lines
    .map((l) => ({ ...l, text: fillTemplate(l.text, vars) }))
    .filter((l): l is typeof l & { text: string } => !!l.text);
  const logo = template.logoPath;
  if (!lines.length && !logo) return;

  if (logo) doc.image(logo, left, top, { fit: [LOGO_SIZE, LOGO_SIZE] });
  // Text stays centred on the page, so the logo's width is kept free on both sides.
  const inset = logo ? LOGO_SIZE + 8 : 0;
  let y = top;
  for (const line of lines) {
    doc
      .font(line.bold ? fonts.bold : fonts.regular)
      .fontSize(line.size ?? 10)
      .text(line.text, left + inset, y, { width: width - 2 * inset, align: 'center' });
    y = doc.y;
  }
  y = Math.max(y, logo ? top + LOGO_SIZE : y) + 3;
  if (template.kop.rule) {
    doc.save().lineWidth(2).moveTo(left, y).lineTo(left + width, y).stroke();
    doc.lineWidth(0.6).moveTo(left, y + 3).lineTo(left + width, y + 3).stroke().restore();
    y += 3;
  }
  doc.x = left;
  doc.y = y + 10;
}

export function drawTitle(ctx: DrawContext, lines: readonly string[]): void {
  const { doc, fonts, vars } = ctx;
  const left = doc.page.margins.left;
  doc.font(fonts.bold).fontSize(11);
  for (const raw of lines) {
    const text = fillTemplate(raw, vars);
    if (text) doc.text(text, left, doc.y, { width: contentWidth(doc), align: 'center' });
  }
  doc.moveDown(0.8);
}

/** "Label : value" rows under the title. */
export function drawIdentity(ctx: DrawContext, rows: Array<[string, string]>): void {
  const { doc, fonts } = ctx;
  const left = doc.page.margins.left;
  const labelWidth = 150;
  doc.fontSize(BODY_SIZE);
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font(fonts.regular).text(label, left, y, { width: labelWidth });
    doc.text(':', left + labelWidth, y, { width: 10 });
    doc.text(value, left + labelWidth + 10, y, { width: contentWidth(doc) - labelWidth - 10 });
    doc.y = Math.max(doc.y, y + doc.currentLineHeight(true));
  }
  doc.x = left;
  doc.moveDown(0.6);
}

/** The identity rows every document opens with: program, kegiatan, location and, when the template names one, the funding source. */
export function identityRows(ctx: DrawContext, model: { programKegiatan: ProgramKegiatan; region: RegionIdentity }): Array<[string, string]> {
  const t = ctx.template.identity;
  const { program, kegiatan } = model.programKegiatan;
  const rows: Array<[string, string]> = [
    [t.program, `${program.code} - ${program.name}`],
    [t.kegiatan, `${kegiatan.code} - ${kegiatan.name}`],
    [t.location, locationText(model.region)],
  ];
  const funding = fillTemplate(t.fundingSourceValue, ctx.vars);
  if (funding) rows.push([t.fundingSource, funding]);
  return rows;
}

export function drawTerbilang(ctx: DrawContext, words: string): void {
  const { doc, fonts, template } = ctx;
  const left = doc.page.margins.left;
  doc.moveDown(0.6);
  ensureSpace(doc, 3 * doc.currentLineHeight(true));
  doc
    .font(fonts.bold)
    .fontSize(BODY_SIZE)
    .text(`${template.labels.terbilang}: `, left, doc.y, { continued: true, width: contentWidth(doc) })
    .font(fonts.regular)
    .text(words);
  doc.x = left;
}

interface ResolvedBlock {
  label: string;
  title: string;
  subtitle: string;
  name: string | null;
  nip: string | null;
  rank: string | null;
}

/** Template slots for this report level, filled with the signatories of the same role; extra signatories follow. */
export function resolveSignatureBlocks(
  ctx: DrawContext,
  section: SignatureSection,
  layout: SignatureLayoutKey,
): ResolvedBlock[] {
  const { template, vars } = ctx;
  const slots = template.signatures.blocks[layout] ?? {};
  const fill = (s: string | null | undefined) => (s ? (fillTemplate(s, vars) ?? '') : '');
  const used = new Set<Signatory>();
  const blocks: ResolvedBlock[] = [];
  for (const [role, slot] of Object.entries(slots)) {
    const person = section.signatories.find((s) => s.role === role && !used.has(s));
    if (!person && !slot.required) continue;
    if (person) used.add(person);
    blocks.push({
      label: person?.roleLabel ?? fill(slot.roleLabel),
      title: person?.title ?? fill(slot.title),
      subtitle: person?.subtitle ?? fill(slot.subtitle),
      name: person?.name ?? null,
      nip: person?.nipFormatted ?? null,
      rank: person?.rank ?? null,
    });
  }
  for (const person of section.signatories) {
    if (used.has(person)) continue;
    blocks.push({
      label: person.roleLabel ?? '',
      title: person.title ?? '',
      subtitle: person.subtitle ?? '',
      name: person.name,
      nip: person.nipFormatted,
      rank: person.rank,
    });
  }
  return blocks;
}

const SIGN_SPACE = 54;

export interface SignatureRow {
  /** Number of blocks drawn; a single block sits in the right half. */
  count: number;
  height: number;
  /** Draws the row with its top at `top` and leaves doc.y under it. */
  draw(top: number): void;
}

/**
 * Signature row: place and date over the right-most block, jabatan, room to sign, the name bold and underlined,
 * NIP and pangkat. Measured first so a caller can keep it on one page (and put something beside a single block).
 */
export function layoutSignatures(ctx: DrawContext, section: SignatureSection, layout: SignatureLayoutKey): SignatureRow {
  const { doc, fonts, template } = ctx;
  const blocks = resolveSignatureBlocks(ctx, section, layout);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.font(fonts.regular).fontSize(BODY_SIZE);
  const lh = doc.currentLineHeight(true);

  // A single signatory signs on the right, as on Indonesian official letters.
  const slotWidth = width / Math.max(2, blocks.length);
  const xs = blocks.map((_, i) => left + slotWidth * (blocks.length === 1 ? 1 : i));
  const last = blocks.length - 1;
  // The date line takes the right block's empty label row; otherwise it gets a row of its own.
  const dateOwnRow = blocks.length > 0 && blocks[last].label !== '';
  const hasLabels = blocks.some((b) => b.label !== '') || !dateOwnRow;
  const hasSubtitles = blocks.some((b) => b.subtitle !== '');
  const hasRanks = blocks.some((b) => b.rank);
  const textRows = (dateOwnRow ? 1 : 0) + (hasLabels ? 1 : 0) + 1 + (hasSubtitles ? 1 : 0) + 2 + (hasRanks ? 1 : 0);
  const height = blocks.length ? textRows * lh + SIGN_SPACE : 0;

  const line = (i: number, text: string, yy: number, bold = false, underline = false) =>
    doc
      .font(bold ? fonts.bold : fonts.regular)
      .fontSize(BODY_SIZE)
      .text(text, xs[i], yy, { width: slotWidth, align: 'center', underline, lineBreak: false });

  const draw = (top: number) => {
    let y = top;
    if (!blocks.length) return;
    if (dateOwnRow) {
      line(last, section.placeDateLine, y);
      y += lh;
    }
    if (hasLabels) {
      blocks.forEach((b, i) => line(i, i === last && !dateOwnRow ? section.placeDateLine : b.label, y));
      y += lh;
    }
    blocks.forEach((b, i) => line(i, b.title, y));
    y += lh;
    if (hasSubtitles) {
      blocks.forEach((b, i) => line(i, b.subtitle, y));
      y += lh;
    }
    y += SIGN_SPACE;
    blocks.forEach((b, i) => (b.name ? line(i, b.name, y, true, true) : line(i, template.signatures.blankName, y)));
    y += lh;
    blocks.forEach((b, i) => line(i, `${template.signatures.nipPrefix}${b.nip ?? '..............................'}`, y));
    y += lh;
    if (hasRanks) {
      blocks.forEach((b, i) => b.rank && line(i, b.rank, y));
      y += lh;
    }
    doc.x = left;
    doc.y = y;
  };
  return { count: blocks.length, height, draw };
}

/** The signature row after the body, moved whole to a new page when it does not fit. */
export function drawSignatures(ctx: DrawContext, section: SignatureSection, layout: SignatureLayoutKey): void {
  const row = layoutSignatures(ctx, section, layout);
  if (!row.count) return;
  ctx.doc.moveDown(1);
  ensureSpace(ctx.doc, row.height);
  row.draw(ctx.doc.y);
}
