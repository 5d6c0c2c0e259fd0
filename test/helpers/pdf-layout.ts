import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Where things sit on the printed page, read with poppler (pdftotext -bbox, pdftoppm) and zbar (zbarimg), the way
// a reader or a scanner meets the document; coordinates in PDF points from the top-left corner.

export interface PdfWord {
  text: string;
  x: number;
  y: number;
  x2: number;
  y2: number;
}

export interface PdfPage {
  width: number;
  height: number;
  words: PdfWord[];
  /** The page's text in content-stream order (pdftotext -raw: cell by cell, as drawn), whitespace collapsed. */
  text: string;
}

function withFile<T>(bytes: Buffer, fn: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-layout-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, bytes);
    return fn(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const unescape = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Every page with its words and their boxes. */
export function pdfPages(bytes: Buffer): PdfPage[] {
  const [html, raw] = withFile(bytes, (file) =>
    ['-bbox', '-raw'].map((mode) => execFileSync('pdftotext', [mode, file, '-'], { maxBuffer: 256 * 2 ** 20 }).toString('utf8')),
  );
  const texts = raw.split('\f');
  const pages: PdfPage[] = [];
  const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
  const wordRe = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/word>/g;
  for (const p of html.matchAll(pageRe)) {
    const words = [...p[3].matchAll(wordRe)].map((w) => ({ text: unescape(w[5]), x: +w[1], y: +w[2], x2: +w[3], y2: +w[4] }));
    const text = (texts[pages.length] ?? '').replace(/\s+/g, ' ').trim().normalize('NFC');
    pages.push({ width: +p[1], height: +p[2], words, text });
  }
  return pages;
}

/** Indexes (0-based) of the pages whose text contains `phrase` (words separated by single spaces). */
export function pagesWith(pages: PdfPage[], phrase: string): number[] {
  return pages.flatMap((p, i) => (p.text.includes(phrase.normalize('NFC')) ? [i] : []));
}

/** The boxes of the first run of words spelling `phrase` on a page; null when absent. */
export function findPhrase(page: PdfPage, phrase: string): PdfWord | null {
  const want = phrase.split(/\s+/);
  for (let i = 0; i + want.length <= page.words.length; i++) {
    if (want.every((w, j) => page.words[i + j].text === w)) {
      const run = page.words.slice(i, i + want.length);
      return {
        text: phrase,
        x: Math.min(...run.map((w) => w.x)),
        y: Math.min(...run.map((w) => w.y)),
        x2: Math.max(...run.map((w) => w.x2)),
        y2: Math.max(...run.map((w) => w.y2)),
      };
    }
  }
  return null;
}

/** A page rendered to 8-bit grey at `dpi` (pdftoppm -gray, read as binary PGM). */
export function pageRaster(bytes: Buffer, page: number, dpi = 72): { width: number; height: number; dpi: number; at(x: number, y: number): number } {
  const pgm = withFile(bytes, (file, dir) => {
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page + 1), '-l', String(page + 1), '-singlefile', file, path.join(dir, 'p')]);
    return fs.readFileSync(path.join(dir, 'p.pgm'));
  });
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a binary PGM');
  const [width, height] = [+header[1], +header[2]];
  const offset = header[0].length;
  return { width, height, dpi, at: (x, y) => pgm[offset + y * width + x] };
}

/** What the QR codes on a page decode to (pdftoppm at 150 dpi, then zbarimg). */
export function qrPayloads(bytes: Buffer, page: number): string[] {
  return withFile(bytes, (file, dir) => {
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', String(page + 1), '-l', String(page + 1), '-singlefile', file, path.join(dir, 'p')]);
    try {
      const out = execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', path.join(dir, 'p.png')]).toString('utf8');
      return out.split('\n').filter(Boolean);
    } catch {
      return []; // zbarimg exits 4 when it finds no code
    }
  });
}
