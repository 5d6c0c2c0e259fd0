import { formatNumberId, formatRupiah } from '../../../common/money/rupiah';
import { fundingSourceLabel, isFundingSource } from '../../reference/taxonomy';
import type { AmountInWords, ProgramKegiatan, RegionIdentity, SignatureSection, Signatory } from '../model/report.types';
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

/** Something drawn at doc.y whose height is known beforehand, so a caller can keep several together on one page. */
export interface Block {
  height: number;
  draw(): void;
}

/** Indonesian financial reports write a negative as "(2.045.000)", never "-2.045.000". */
export function formatAmount(n: number): string {
  return n < 0 ? `(${formatNumberId(-n)})` : formatNumberId(n);
}

export function formatRupiahAmount(n: number): string {
  return n < 0 ? `(${formatRupiah(-n)})` : formatRupiah(n);
}

/** Draws the blocks one under the other, on a new page first unless all of them fit on this one. */
export function drawTogether(doc: PDFKit.PDFDocument, blocks: Block[]): void {
  ensureSpace(doc, blocks.reduce((a, b) => a + b.height, 0));
  for (const b of blocks) b.draw();
}

export function blocksHeight(blocks: Block[]): number {
  return blocks.reduce((a, b) => a + b.height, 0);
}

/** The short name of a funding source for a table cell ("DAU SG"), else its full name, else the code as stored. */
export function fundingShort(ctx: DrawContext, code: string | null): string {
  if (!code) return '';
  return ctx.template.fundingSourceLabels?.[code] ?? (isFundingSource(code) ? fundingSourceLabel(code) : code);
}

/** Uraian with its location labelled underneath: "Paving jalan\nLokasi: RT 03 RW 05". */
export function describeLine(ctx: DrawContext, line: { description: string; location: string | null }): string {
  return line.location ? `${line.description}\n${ctx.template.labels.location}: ${line.location}` : line.description;
}
const LOGO_SIZE = 58;

export function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** A table whose header repeats on every page it runs over, measured once for both passes of the render. */
export function drawTable(ctx: DrawContext, spec: TableSpec): Promise<void> {
  return drawPaginatedTable(ctx.doc, ctx.fonts, spec, ctx.tables);
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
export function identityRows(
  ctx: DrawContext,
  model: { programKegiatan: ProgramKegiatan; region: RegionIdentity; fundingSources?: string[] },
): Array<[string, string]> {
  const fundingSources = model.fundingSources;
  const t = ctx.template.identity;
  const { program, kegiatan } = model.programKegiatan;
  const rows: Array<[string, string]> = [
    [t.program, `${program.code} - ${program.name}`],
    [t.kegiatan, `${kegiatan.code} - ${kegiatan.name}`],
    [t.location, locationText(model.region)],
  ];
  const funding = fundingSources?.length
    ? fundingSources.map((code) => (isFundingSource(code) ? fundingSourceLabel(code) : code)).join('; ')
    : fillTemplate(t.fundingSourceValue, ctx.vars);
  if (funding) rows.push([t.fundingSource, funding]);
  return rows;
}

/** One line per figure spelled out, each saying which figure it is ("Terbilang realisasi periode ini: …"). */
export function layoutTerbilang(ctx: DrawContext, amounts: AmountInWords[]): Block {
  const { doc, fonts, template } = ctx;
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const lines = amounts.map((a) => ({ label: template.labels.terbilangOf?.[a.figure] ?? template.labels.terbilang, words: a.words }));
  doc.font(fonts.bold).fontSize(BODY_SIZE);
  const gap = 0.6 * doc.currentLineHeight(true);
  // Measured all in bold, which is wider than the regular words: an upper bound, so the block never overflows.
  const heights = lines.map((l) => doc.heightOfString(`${l.label}: ${l.words}`, { width }));
  return {
    height: gap + heights.reduce((a, h) => a + h, 0),
    draw() {
      doc.y += gap;
      lines.forEach((l, i) => {
        const top = doc.y;
        doc
          .font(fonts.bold)
          .fontSize(BODY_SIZE)
          .text(`${l.label}: `, left, top, { continued: true, width })
          .font(fonts.regular)
          .text(l.words);
        doc.y = Math.max(doc.y, top + heights[i]);
      });
      doc.x = left;
    },
  };
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
  const titleOf = (person: Signatory | undefined, slotTitle: string | undefined) => {
    const title = person?.title ?? fill(slotTitle);
    if (!person?.deputy) return title;
    return fillTemplate(template.signatures.deputyTitle ?? '{DEPUTY}. {TITLE}', { ...vars, DEPUTY: person.deputy, TITLE: title }) ?? title;
  };
  const used = new Set<Signatory>();
  const blocks: ResolvedBlock[] = [];
  for (const [role, slot] of Object.entries(slots)) {
    const person = section.signatories.find((s) => s.role === role && !used.has(s));
    if (!person && !slot.required) continue;
    if (person) used.add(person);
    blocks.push({
      label: person?.roleLabel ?? fill(slot.roleLabel),
      title: titleOf(person, slot.title),
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
      title: titleOf(person, undefined),
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

/** The signature row as a block: a line of space above it, then the row. */
export function signatureBlock(ctx: DrawContext, section: SignatureSection, layout: SignatureLayoutKey): Block & { count: number } {
  const row = layoutSignatures(ctx, section, layout);
  const doc = ctx.doc;
  doc.font(ctx.fonts.regular).fontSize(BODY_SIZE);
  const gap = row.count ? doc.currentLineHeight(true) : 0;
  return {
    count: row.count,
    height: row.count ? gap + row.height : 0,
    draw() {
      if (!row.count) return;
      doc.y += gap;
      row.draw(doc.y);
    },
  };
}
