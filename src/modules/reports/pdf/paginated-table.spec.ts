import PDFDocument from 'pdfkit';
import { dejavuFontFiles } from './fonts';
import { drawPaginatedTable, type TableRow } from './paginated-table';

function newDoc(): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', bufferPages: true, font: dejavuFontFiles().regular });
  doc.on('data', () => undefined);
  return doc;
}

const header: TableRow[] = [{ cells: [{ text: 'No' }, { text: 'Uraian' }] }];
const row = (i: number, text = `baris ${i}`): TableRow => ({ cells: [{ text: String(i) }, { text }] });

describe('drawPaginatedTable', () => {
  it('starts each page itself, with a new table and header, so pdfkit never breaks a page (and drops the header)', () => {
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
    drawPaginatedTable(doc, dejavuFontFiles(), { columns: [{ width: 30 }, { width: '*' }], header, rows, fontSize: 8, padding: 3 });
    expect(pagesAdded).toBeGreaterThanOrEqual(3);
    expect(tablesStarted).toBe(pagesAdded + 1);
    doc.end();
  });

  it('cuts a row taller than a page to one page instead of spilling or looping', () => {
    const doc = newDoc();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const huge = Array.from({ length: 150 }, (_, i) => `baris teks ${i}`).join('\n');
    drawPaginatedTable(doc, dejavuFontFiles(), {
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
});
