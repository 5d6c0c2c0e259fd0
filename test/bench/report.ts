import * as fs from 'node:fs';
import * as path from 'node:path';

/** Prints a benchmark's table and keeps it in test/bench/out/<name>.md with the machine and date. */
export function writeReport(name: string, markdown: string): void {
  const os = require('node:os') as typeof import('node:os');
  const header = `<!-- ${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} cores · ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB -->\n`;
  const dir = path.join(__dirname, 'out');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.md`), header + markdown + '\n');
  console.log(`\n${markdown}\n`);
}
