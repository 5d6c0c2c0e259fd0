import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths';

/**
 * `npm run cli -- audit verify` as an auditor runs it on their own machine: from source, in a process of its own,
 * with only what an auditor has (no DATABASE_URL, no signing key, no data folder of the app).
 */
export function auditorCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'dk-auditor-')) };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [require.resolve('ts-node/dist/bin.js'), '--swc', path.join(PROJECT_ROOT, 'src/cli.ts'), 'audit', 'verify', ...args],
      { cwd: PROJECT_ROOT, env, timeout: 180_000, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
