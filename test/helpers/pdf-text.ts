import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/common/paths';

// pdf.js (inside pdf-parse 2.x) loads its worker with a dynamic import(), which jest's CommonJS runtime refuses
// without --experimental-vm-modules; plain node can, so the text is extracted in a child process.
const EXTRACT = `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const { PDFParse } = require('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const result = await parser.getText();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ total: result.total, text: result.text, pages: result.pages.map((p) => p.text) }));
});`;

/** The text a reader sees in a PDF (all pages), via pdf-parse's `new PDFParse({ data }).getText()`. */
export function pdfText(bytes: Buffer): Promise<{ total: number; text: string; pages: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', EXTRACT], { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`pdf text extraction failed (${code}): ${Buffer.concat(err).toString()}`));
      resolve(JSON.parse(Buffer.concat(out).toString('utf8')));
    });
    child.stdin.end(bytes);
  });
}
