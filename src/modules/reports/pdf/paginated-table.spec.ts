import PDFDocument from 'pdfkit';
import { dejavuFontFiles } from './fonts';
import { drawPaginatedTable, TablePasses, type TableRow, type TableSpec } from './paginated-table';

function newDoc(bufferPages = true): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', bufferPages, font: dejavuFontFiles().regular });
  doc.on('data', () => undefined);
  return doc;
}

const header: TableRow[] = [{ cells: [{ text: 'No' }, { text: 'Uraian' }] }];
const row = (i: number, text = `baris ${i}`): TableRow => ({ cells: [{ text: String(i) }, { text }] });

describe('drawPaginatedTable', () => {
  it('starts each page itself, with a new table and header, so pdfkit never breaks a page (and drops the header)', async () => {
    const doc = newDoc();
    let pagesAdded = 0;
    let tablesStarted = 0;
    doc.on('pageAdded', () => pagesAdded++);
    const original = doc.table.bind(doc);
    (doc as unknown as { table: unknown }).table = (opts: PDFKit.Mixins.TableOptions) => {
      tablesStarted++;
      return original(opts);
    };
    const rows = Array.from({ length: 200 }, (_, i) => row(i + 1, i % 7 === 0 ? 'uraian\ndua baris' : `baris ${i}`));
    await drawPaginatedTable(doc, dejavuFontFiles(), { columns: [{ width: 30 }, { width: '*' }], header, rows, fontSize: 8, padding: 3 });
    expect(pagesAdded).toBeGreaterThanOrEqual(3);
    expect(tablesStarted).toBe(pagesAdded + 1);
    doc.end();
  });

  it('cuts a row taller than a page to one page instead of spilling or looping', async () => {
    const doc = newDoc();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const huge = Array.from({ length: 150 }, (_, i) => `baris teks ${i}`).join('\n');
    await drawPaginatedTable(doc, dejavuFontFiles(), {
      columns: [{ width: 30 }, { width: '*' }],
      header,
      rows: [row(1), row(2, huge), row(3)],
      fontSize: 8,
      padding: 3,
    });
    expect(doc.bufferedPageRange().count).toBe(3);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    doc.end();
  });

  it('paginates in layout mode (nothing drawn) exactly as when drawing, then replays the measurements', async () => {
    const huge = Array.from({ length: 150 }, (_, i) => `baris teks ${i}`).join('\n');
    const rows: TableRow[] = Array.from({ length: 300 }, (_, i) => {
      if (i === 120) return row(i, huge);
      if (i % 25 === 0) return { cells: [{ text: '' }, { text: `Kelompok ${i}`, bold: true }], keepWithNext: true };
      return row(i, i % 6 === 0 ? `uraian panjang ${'yang dibungkus '.repeat(12)}` : `baris ${i}`);
    });
    const spec: TableSpec = { columns: [{ width: 30 }, { width: '*' }], header, rows, fontSize: 8, padding: 3 };
    const run = async (passes: TablePasses) => {
      const doc = newDoc(false);
      const tablesStarted = jest.spyOn(doc, 'table');
      doc.text('Judul di atas tabel').moveDown();
      await drawPaginatedTable(doc, dejavuFontFiles(), spec, passes);
      const { start, count } = doc.bufferedPageRange();
      return { pages: start + count, y: doc.y, tables: tablesStarted.mock.calls.length };
    };
    const passes = new TablePasses();
    const layout = await run(passes);
    passes.mode = 'draw';
    const drawn = await run(passes);
    expect(layout.tables).toBe(0);
    expect(drawn.tables).toBe(drawn.pages);
    expect(layout.pages).toBeGreaterThanOrEqual(4);
    expect(drawn.pages).toBe(layout.pages);
    expect(drawn.y).toBeCloseTo(layout.y, 6);
  });

  it('refuses to draw a table the layout pass did not measure', async () => {
    const passes = new TablePasses();
    const columns = [{ width: 30 }, { width: '*' as const }];
    const spec: TableSpec = { columns, header, rows: [row(1)], fontSize: 8, padding: 3 };
    await drawPaginatedTable(newDoc(false), dejavuFontFiles(), spec, passes);
    passes.mode = 'draw';
    const other = { ...spec, rows: [row(1), row(2)] };
    await expect(drawPaginatedTable(newDoc(false), dejavuFontFiles(), other, passes)).rejects.toThrow(
      /table 1 differs between the layout and the drawing pass/,
    );
  });

  it('draws rows made on demand (LazyTableRows) exactly as the same rows given as an array', async () => {
    const make = (i: number): TableRow =>
      i % 40 === 0
        ? { cells: [{ text: '' }, { text: `Kelompok ${i}`, bold: true }], keepWithNext: true }
        : row(i, i % 6 === 0 ? `uraian panjang ${'yang dibungkus '.repeat(10)}` : `Rp ${(i * 1234567).toLocaleString('id-ID')}`);
    const asArray = Array.from({ length: 260 }, (_, i) => make(i));
    let made = 0;
    const lazy = { length: asArray.length, row: (i: number) => (made++, make(i)) };
    const render = async (rows: TableSpec['rows']) => {
      const doc = new PDFDocument({ size: 'A4', font: dejavuFontFiles().regular, info: { CreationDate: new Date(0) } });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
      const spec: TableSpec = { columns: [{ width: 30 }, { width: 120 }], header, rows, fontSize: 8, padding: 3, fitColumns: [{ column: 1, max: 300 }] };
      await drawPaginatedTable(doc, dejavuFontFiles(), spec);
      doc.end();
      await ended;
      return Buffer.concat(chunks);
    };
    const fromArray = await render(asArray);
    const fromLazy = await render(lazy);
    expect(made).toBeGreaterThanOrEqual(asArray.length);
    expect(fromLazy.length).toBeGreaterThan(10_000);
    expect(fromLazy.equals(fromArray)).toBe(true);
  });
});
