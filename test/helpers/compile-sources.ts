import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths';

/**
 * src/ (without specs), migrations/ (which src/database loads) and the given extra files compiled to CommonJS with swc
 * under node_modules/.cache/NAME, where node_modules still resolves, so code that starts worker threads from .js files,
 * or the whole app, runs as it does from dist.
 * Returns the output root; a source file src/x.ts is at ROOT/src/x.js.
 */
export async function compileSources(name: string, extraFiles: string[] = []): Promise<string> {
  const swc = require('@swc/core') as typeof import('@swc/core');
  const outRoot = path.join(PROJECT_ROOT, 'node_modules', '.cache', name);
  const options = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, '.swcrc'), 'utf8'));
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const sources = [...walk(path.join(PROJECT_ROOT, 'src')), ...walk(path.join(PROJECT_ROOT, 'migrations'))];
  const files = [...sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts')), ...extraFiles];
  for (const file of files) {
    const rel = path.relative(PROJECT_ROOT, file).replace(/\.ts$/, '.js');
    const { code } = await swc.transformFile(file, { ...options, sourceMaps: false, swcrc: false, filename: file });
    fs.mkdirSync(path.dirname(path.join(outRoot, rel)), { recursive: true });
    fs.writeFileSync(path.join(outRoot, rel), code);
  }
  return outRoot;
}
