// Draws templates/35.73/logo.png, a PLACEHOLDER emblem (a plain shield marked "CONTOH"), not the Pemda's lambang:
// a Pemda replaces the file with its own emblem. Usage: npx ts-node --transpile-only test/tools/placeholder-logo.ts
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import PDFDocument from 'pdfkit';
import { PROJECT_ROOT } from '../../src/common/paths';
import { dejavuFontFiles } from '../../src/modules/reports/pdf/fonts';

async function main(): Promise<void> {
  const size = 120;
  const fonts = dejavuFontFiles();
  const doc = new PDFDocument({ size: [size, size], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
  // Shield outline, a five-pointed star, and the word CONTOH ("sample") so nobody takes it for the real lambang.
  const shield = () => doc.moveTo(14, 8).lineTo(106, 8).lineTo(106, 62).bezierCurveTo(106, 92, 82, 104, 60, 114).bezierCurveTo(38, 104, 14, 92, 14, 62).closePath();
  shield().fillAndStroke('#e8eef6', '#1f3b63');
  doc.lineWidth(3);
  shield().stroke('#1f3b63');
  const star = (cx: number, cy: number, r: number) => {
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      const rr = i % 2 === 0 ? r : r * 0.42;
      const [x, y] = [cx + rr * Math.cos(a), cy + rr * Math.sin(a)];
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    }
    doc.closePath().fill('#c8a02c');
  };
  star(60, 40, 22);
  doc.font(fonts.bold).fontSize(13).fillColor('#1f3b63').text('CONTOH', 14, 70, { width: 92, align: 'center' });
  doc.font(fonts.regular).fontSize(7).text('logo Pemda', 14, 86, { width: 92, align: 'center' });
  doc.end();
  const pdf = await done;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'logo-'));
  fs.writeFileSync(path.join(tmp, 'logo.pdf'), pdf);
  // 120 pt at 160 dpi: about 270 px square, sharp at the ~2 cm the kop prints it.
  execFileSync('pdftoppm', ['-png', '-r', '160', '-singlefile', path.join(tmp, 'logo.pdf'), path.join(tmp, 'logo')]);
  fs.copyFileSync(path.join(tmp, 'logo.png'), path.join(PROJECT_ROOT, 'templates', '35.73', 'logo.png'));
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
