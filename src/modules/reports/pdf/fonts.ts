import * as fs from 'node:fs';
import * as path from 'node:path';

/** What pdfkit gets for regular and bold text: TTF file paths, or the names of its standard fonts. */
export interface FontFiles {
  regular: string;
  bold: string;
}

export type ReportFontChoice = 'dejavu' | 'helvetica';

// Standard-font names are pdfkit cache keys too; WinAnsi only, so non-Latin-1 names come out garbled (stack notes).
export const HELVETICA_FONTS: FontFiles = { regular: 'Helvetica', bold: 'Helvetica-Bold' };

let dejavu: FontFiles | null = null;

/**
 * DejaVu Sans from the dejavu-fonts-ttf package. Always pass these paths to doc.font() and cell font.src:
 * a registerFont() alias makes doc.table() re-parse the TTF for every cell (a 5,000-row report took 66–90 s).
 */
export function dejavuFontFiles(): FontFiles {
  if (!dejavu) {
    const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    dejavu = { regular: path.join(dir, 'DejaVuSans.ttf'), bold: path.join(dir, 'DejaVuSans-Bold.ttf') };
    for (const file of Object.values(dejavu)) {
      if (!fs.existsSync(file)) throw new Error(`Report font missing: ${file}`);
    }
  }
  return dejavu;
}

// pdfkit accepts a parsed fontkit font wherever it takes a font source; parsing DejaVu (GSUB/GPOS tables) took
// about as long as drawing a one-page report, for every document and for both font files.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { create(data: Uint8Array): { layout: unknown } };
const parsed = new Map<string, unknown>();

function parsedFont(file: string): unknown {
  let font = parsed.get(file);
  if (!font) {
    font = fontkit.create(fs.readFileSync(file));
    parsed.set(file, font);
  }
  return font;
}

/**
 * Parses the report fonts and lays out a little text with each, so the first document does not pay for it: fontkit
 * reads its shaping tables (GSUB, GPOS) on the first layout, a few hundred milliseconds in one piece. The app calls
 * this once at start, before any request.
 */
export function warmReportFonts(files: FontFiles = dejavuFontFiles()): void {
  for (const file of [files.regular, files.bold]) {
    if (STANDARD_FONTS.has(file)) continue;
    const font = parsedFont(file) as { layout(text: string): unknown };
    font.layout('Rp 1.234.567,89 (Kelurahan) — Jumlah s.d. ini %');
  }
}

export const STANDARD_FONTS = new Set(['Helvetica', 'Helvetica-Bold', 'Times-Roman', 'Times-Bold', 'Courier', 'Courier-Bold']);

/**
 * Registers the report fonts on a document under fixed names and returns those names, for doc.font() and table
 * cells alike. A TTF is parsed once per process and shared by every document; the family name given with it is
 * what pdfkit caches the embedded font under, so the table's font roll-back finds it again (never re-parsing it).
 */
export function registerReportFonts(doc: PDFKit.PDFDocument, files: FontFiles): FontFiles {
  const names = { regular: 'dk-regular', bold: 'dk-bold' };
  for (const key of ['regular', 'bold'] as const) {
    const src = STANDARD_FONTS.has(files[key]) ? files[key] : parsedFont(files[key]);
    doc.registerFont(names[key], src as string, names[key]);
  }
  return names;
}

export function fontFilesFor(choice: ReportFontChoice): FontFiles {
  return choice === 'helvetica' ? HELVETICA_FONTS : dejavuFontFiles();
}

/**
 * pdfkit keeps the glyph layout of every distinct word it has measured or drawn, for the life of the document: over
 * 100 MB for a 1,000-page report of unique numbers and codes. Dropping it now and then (every few pages, every few
 * hundred measured rows) keeps memory flat and costs only laying out again the words that recur.
 */
export function dropFontLayoutCaches(doc: PDFKit.PDFDocument): void {
  const families = (doc as unknown as { _fontFamilies: Record<string, { layoutCache?: object }> })._fontFamilies;
  for (const font of Object.values(families)) {
    // Standard (AFM) fonts have no layout cache.
    if (font.layoutCache) font.layoutCache = Object.create(null);
  }
}
