import * as fs from 'node:fs';
import * as path from 'node:path';

// The same code runs from src/ (tests, ts-node) and dist/src/ (npm start), so look for package.json upwards.
function findProjectRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const TEMPLATES_DIR = path.join(PROJECT_ROOT, 'templates');
export const DEFAULT_DATA_DIR = path.join(PROJECT_ROOT, '.data');
