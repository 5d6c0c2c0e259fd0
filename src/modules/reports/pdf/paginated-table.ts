import { performance } from 'node:perf_hooks';
import { dropFontLayoutCaches, type FontFiles } from './fonts';

export type HAlign = 'left' | 'center' | 'right';

export interface TableColumn {
  /** Points, or '*' to share what is left of the content width. */
  width: number | '*';
  align?: HAlign;
}

export interface TableCell {
  text: string;
  bold?: boolean;
  align?: HAlign;
  colSpan?: number;
}

export interface TableRow {
  cells: TableCell[];
  fill?: string;
  /** Move to the next page together with the following row (group headers never end a page). */
  keepWithNext?: boolean;
}

/**
 * Rows made when they are measured or drawn, for long tables: the cells of a 16,500-line report (a formatted string
 * and an object per cell) were about a third of what a render held; made from the model row by row, only the page
 * being drawn holds them. `row(i)` must give the same row every time it is asked.
 */
export interface LazyTableRows {
  readonly length: number;
  row(i: number): TableRow;
}

export interface TableSpec {
  columns: TableColumn[];
  /** Repeated at the top of every page the table runs over. */
  header: TableRow[];
  rows: TableRow[] | LazyTableRows;
  fontSize: number;
  headerFontSize?: number;
  padding: number;
  headerFill?: string;
  /**
   * Keeps the last `rows` rows on the same page as the `height` points that follow the table (totals, terbilang,
   * signatures), so what closes a document never stands alone on a page.
   */
  keepTail?: { rows: number; height: number };
  /**
   * Column widths grow to fit their texts on one line (e.g. "100 Orang/Kali", a bold 14-digit total), taking the
   * room from the '*' column; `texts` defaults to the column's own cells.
   */
  fitColumns?: Array<{ column: number; texts?: string[]; bold?: boolean; max: number }>;
}

// Our page-break test runs this much earlier than doc.table()'s own, so the table never breaks a page by itself
// (its own break would not repeat the header).
const SAFETY = 1;
// Rows measured between two drops of pdfkit's word layout cache (see dropFontLayoutCaches).
const MEASURE_BATCH = 500;
// The longest a render works before it lets the event loop run (timers, sockets, other requests).
export const RENDER_SLICE_MS = 10;
let sliceStart = performance.now();

/**
 * Gives the event loop a turn (setImmediate) once this thread has drawn or measured for RENDER_SLICE_MS, so a
 * long document rendered here never stalls the app's other work for long. Checked once per row: cheap.
 */
export async function yieldToEventLoop(force = false): Promise<void> {
  if (!force && performance.now() - sliceStart < RENDER_SLICE_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  sliceStart = performance.now();
}

/**
 * Row heights shared by the two passes of a render: in 'layout' mode (pass 1) each table is measured and paginated
 * without drawing; in 'draw' mode (pass 2) the same tables, in the same order, reuse those heights, so both passes
 * break pages at the same rows and nothing is measured twice.
 */
export class TablePasses {
  mode: 'layout' | 'draw' = 'layout';
  private readonly measured: number[][] = [];
  private replayed = 0;

  /** Header and row heights of the next table: measured now in 'layout' mode, replayed in 'draw' mode. */
  async heights(count: number, measure: () => Promise<number[]>): Promise<number[]> {
    if (this.mode === 'layout') {
      const heights = await measure();
      this.measured.push(heights);
      return heights;
    }
    const heights = this.measured[this.replayed++];
    if (!heights || heights.length !== count) {
      throw new Error(`PDF layout mismatch: table ${this.replayed} differs between the layout and the drawing pass`);
    }
    return heights;
  }
}

function rowAt(rows: TableRow[] | LazyTableRows, i: number): TableRow {
  return Array.isArray(rows) ? rows[i] : (rows as LazyTableRows).row(i);
}

/** Widens the fitted columns to their widest text (capped), taking the room from the '*' column. */
function fitColumns(doc: PDFKit.PDFDocument, fonts: FontFiles, spec: TableSpec): TableColumn[] {
  if (!spec.fitColumns?.length) return spec.columns;
  const columns = spec.columns.map((c) => ({ ...c }));
  // The cell texts of the columns that name none, gathered in one walk over the rows (each row made once).
  const texts = cellTexts(
    spec.rows,
    spec.fitColumns.filter((f) => !f.texts).map((f) => f.column),
  );
  for (const fit of spec.fitColumns) {
    const col = columns[fit.column];
    if (!col || col.width === '*') continue;
    // Measured in bold (wider than regular): totals are bold, and an upper bound never wraps.
    doc.font(fit.bold === false ? fonts.regular : fonts.bold).fontSize(spec.fontSize);
    let widest = 0;
    for (const t of longest(fit.texts ?? texts.get(fit.column) ?? [])) widest = Math.max(widest, doc.widthOfString(t));
    // A little slack over the measured width: pdfkit's line wrapper breaks a line that fills the width exactly.
    col.width = Math.min(fit.max, Math.max(col.width, Math.ceil(widest + 2 * spec.padding + 2)));
  }
  return columns;
}

/** The distinct texts of the cells that sit alone in each of `columns` (spanning cells are left out). */
function cellTexts(rows: TableRow[] | LazyTableRows, columns: number[]): Map<number, string[]> {
  const found = new Map(columns.map((c) => [c, new Set<string>()]));
  if (!columns.length) return new Map();
  const last = Math.max(...columns);
  for (let r = 0; r < rows.length; r++) {
    const row = rowAt(rows, r);
    let col = 0;
    for (const cell of row.cells) {
      const span = cell.colSpan ?? 1;
      if (span === 1 && cell.text) found.get(col)?.add(cell.text);
      col += span;
      if (col > last) break;
    }
  }
  return new Map([...found].map(([c, set]) => [c, [...set]]));
}

// Digits are all one width in the report fonts, so among many texts the longest strings are the widest ones.
function longest(texts: string[]): string[] {
  const unique = [...new Set(texts)];
  if (unique.length <= 200) return unique;
  return unique.sort((a, b) => b.length - a.length).slice(0, 50);
}

function resolveWidths(columns: TableColumn[], total: number): number[] {
  const fixed = columns.reduce((acc, c) => acc + (c.width === '*' ? 0 : c.width), 0);
  const stars = columns.filter((c) => c.width === '*').length;
  const star = stars ? Math.max(0, (total - fixed) / stars) : 0;
  return columns.map((c) => (c.width === '*' ? star : c.width));
}

/**
 * Draws a table with pdfkit's doc.table(), one table per page so the header row repeats: rows are measured first and
 * a page is started before a row would cross the bottom margin. With `passes` in 'layout' mode nothing is drawn:
 * doc.y and the pages advance exactly as the drawing would advance them (to count the pages cheaply).
 */
export async function drawPaginatedTable(
  doc: PDFKit.PDFDocument,
  fonts: FontFiles,
  spec: TableSpec,
  passes?: TablePasses,
): Promise<void> {
  const drawing = passes?.mode !== 'layout';
  const left = doc.page.margins.left;
  const widths = resolveWidths(fitColumns(doc, fonts, spec), doc.page.width - left - doc.page.margins.right);
  const headerSize = spec.headerFontSize ?? spec.fontSize;
  const pad = spec.padding;

  // Set below, once the header is measured; a header is never near a page tall.
  let maxRowHeight = Infinity;
  const measure = (row: TableRow, size: number, forceBold: boolean): number => {
    const { x, y } = doc;
    let height = 0;
    let col = 0;
    for (const cell of row.cells) {
      const span = cell.colSpan ?? 1;
      let w = 0;
      for (let i = 0; i < span; i++) w += widths[col + i];
      col += span;
      if (!cell.text) continue;
      doc.font(cell.bold || forceBold ? fonts.bold : fonts.regular).fontSize(size);
      const textWidth = w - 2 * pad;
      // Fast path: a one-line cell (most numbers) is one line height; only longer text goes through the line wrapper.
      const h =
        !cell.text.includes('\n') && doc.widthOfString(cell.text) <= textWidth
          ? doc.currentLineHeight(true)
          : doc.boundsOfString(cell.text, 0, 0, {
              width: textWidth,
              align: cell.align ?? 'left',
              ellipsis: true,
              // Without a height the line wrapper measures a very long text by adding real pages to the document.
              height: Math.min(maxRowHeight, doc.page.maxY() - doc.page.margins.top),
            }).height;
      height = Math.max(height, h + 2 * pad);
    }
    doc.x = x;
    doc.y = y;
    return Math.min(height, maxRowHeight);
  };

  const toPdfkitRow = (row: TableRow, size: number, isHeader: boolean, clip = false): PDFKit.Mixins.RowOptions[] => {
    let col = 0;
    return row.cells.map((cell) => {
      const align = cell.align ?? spec.columns[col]?.align ?? 'left';
      col += cell.colSpan ?? 1;
      const out: PDFKit.Mixins.RowOptions = {
        text: cell.text,
        align: { x: align, y: isHeader ? 'center' : 'top' },
      };
      if (cell.colSpan && cell.colSpan > 1) out.colSpan = cell.colSpan;
      // Only bold cells name a font (by file path, never an alias); the rest inherit the document's regular font.
      if (cell.bold || isHeader) out.font = { src: fonts.bold, size };
      if (row.fill) out.backgroundColor = row.fill;
      // pdfkit 0.20 clamps an over-tall row but still lets its text run onto new pages; cut the text to the page instead.
      if (clip) out.textOptions = { height: maxRowHeight - 2 * pad };
      return out;
    });
  };

  const headerRows = spec.header.map((r) => ({ ...r, fill: r.fill ?? spec.headerFill }));
  const measureAll = async (): Promise<number[]> => {
    const header = headerRows.map((r) => measure(r, headerSize, true));
    maxRowHeight = doc.page.maxY() - doc.page.margins.top - sum(header) - 2 * SAFETY;
    const out = header;
    for (let i = 0; i < spec.rows.length; i++) {
      if (i % MEASURE_BATCH === MEASURE_BATCH - 1) dropFontLayoutCaches(doc);
      // The font state is set again for every cell, so other work in between cannot disturb the measurement.
      await yieldToEventLoop();
      out.push(measure(rowAt(spec.rows, i), spec.fontSize, false));
    }
    return out;
  };
  const all = passes ? await passes.heights(headerRows.length + spec.rows.length, measureAll) : await measureAll();
  const headerHeight = sum(all.slice(0, headerRows.length));
  maxRowHeight = doc.page.maxY() - doc.page.margins.top - headerHeight - 2 * SAFETY;
  const heights = all.slice(headerRows.length);

  let rowsOnPage = 0;
  // Where the measured heights put the next row. doc.y follows it (when drawing, never above where pdfkit really
  // ended, e.g. a clipped row draws shorter), so the layout pass, which draws nothing, breaks at the same rows.
  let y = doc.y;
  const advance = (h: number) => {
    y += h;
    doc.y = drawing ? Math.max(doc.y, y) : y;
  };
  const bottom = () => doc.page.maxY() - SAFETY;
  const startTable = (): PDFKit.Mixins.PDFTableObject | null => {
    doc.font(fonts.regular).fontSize(spec.fontSize);
    y = doc.y;
    rowsOnPage = 0;
    if (!drawing) {
      advance(headerHeight);
      return null;
    }
    const started = doc.table({
      position: { x: left, y: doc.y },
      columnStyles: widths,
      defaultStyle: { padding: [pad, pad, pad, pad], border: 0.5, borderColor: '#555555' },
    });
    for (const r of headerRows) started.row(toPdfkitRow(r, headerSize, true));
    advance(headerHeight);
    return started;
  };

  const firstNeed = headerHeight + (heights[0] ?? 0) + (spec.rows.length && rowAt(spec.rows, 0).keepWithNext ? (heights[1] ?? 0) : 0);
  if (doc.y + firstNeed > bottom()) doc.addPage();
  let table = startTable();

  let tailStart = spec.keepTail ? Math.max(0, spec.rows.length - spec.keepTail.rows) : -1;
  // A group header kept with the next row goes along with it.
  while (tailStart > 0 && rowAt(spec.rows, tailStart - 1).keepWithNext) tailStart--;
  const pageRoom = doc.page.maxY() - SAFETY - doc.page.margins.top - headerHeight;
  for (let i = 0; i < spec.rows.length; i++) {
    const row = rowAt(spec.rows, i);
    let need = heights[i] + (row.keepWithNext && i + 1 < heights.length ? heights[i + 1] : 0);
    if (i === tailStart) {
      const together = sum(heights.slice(i)) + spec.keepTail!.height;
      // Only when they can fit together at all; a tail taller than a page breaks where it must.
      if (together <= pageRoom) need = Math.max(need, together);
    }
    // A fresh page always takes at least one row, so a row taller than a page cannot loop forever.
    if (doc.y + need > bottom() && rowsOnPage > 0) {
      table?.end();
      doc.addPage();
      table = startTable();
    }
    // Between two rows of one pdfkit table nothing else draws on this document, so a pause here is safe.
    await yieldToEventLoop();
    table?.row(toPdfkitRow(row, spec.fontSize, false, heights[i] >= maxRowHeight));
    advance(heights[i]);
    rowsOnPage++;
  }
  table?.end();
  doc.x = left;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
