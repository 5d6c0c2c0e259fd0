import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths';
import { compileSources } from '../helpers/compile-sources';
import { createTestDatabase, TestDatabase } from '../helpers/test-db';
import { freePort } from '../helpers/free-port';

// The request log as an operator reads it: the compiled app started as npm start starts it, at LOG_LEVEL=info, its
// standard output read line by line (pino writes straight to the file descriptor, past anything jest could catch).
describe('the request log', () => {
  let root: string;
  let data: string;
  let database: TestDatabase;
  let app: ChildProcess;
  let base: string;
  let out = '';

  beforeAll(async () => {
    [root, database] = await Promise.all([compileSources(`dk-jest-request-log-${process.pid}`), createTestDatabase()]);
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-request-log-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = spawn(process.execPath, [path.join(root, 'src/main.js')], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database.url, SEED_DEMO: 'false',
        DATA_DIR: data, DOCUMENT_STORAGE_DIR: path.join(data, 'documents'), JWT_SECRET: 'log-'.repeat(12),
        AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0',
        ...(process.env.TEST_PG_APP_PASSWORD ? { DATABASE_APP_PASSWORD: process.env.TEST_PG_APP_PASSWORD } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      app.once('exit', (code) => reject(new Error(`the app stopped with ${code}: ${out}`)));
      app.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('berjalan di')) resolve();
      });
      app.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    });
  }, 120_000);

  afterAll(async () => {
    if (app && app.exitCode === null) {
      const stopped = new Promise((r) => app.once('exit', r));
      app.kill('SIGTERM');
      await stopped;
    }
    await database?.drop();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(data, { recursive: true, force: true });
  });

  const linesFor = (probe: string) =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes(`probe=${probe}`))
      .map((l) => JSON.parse(l) as { msg: string; req: { method: string; url: string; headers: Record<string, string> }; res: { statusCode: number } });

  it('writes one line for each request, API, page, asset or missing, with the secrets of its headers redacted', async () => {
    const secret = { Authorization: 'Bearer token-yang-rahasia', Cookie: 'dk_session=kuki-yang-rahasia' };
    expect((await fetch(`${base}/api/health/live?probe=api`, { headers: secret })).status).toBe(200);
    expect((await fetch(`${base}/masuk?probe=page`, { headers: secret })).status).toBe(200);
    expect((await fetch(`${base}/assets/app/app.js?probe=asset`)).status).toBe(200);
    expect((await fetch(`${base}/api/tidak-ada?probe=missing`)).status).toBe(404);
    // pino writes as it goes; give the pipe a moment.
    for (let i = 0; i < 50 && linesFor('missing').length === 0; i++) await new Promise((r) => setTimeout(r, 100));

    for (const [probe, status] of [['api', 200], ['page', 200], ['asset', 200], ['missing', 404]] as const) {
      const lines = linesFor(probe);
      expect({ probe, lines: lines.length }).toEqual({ probe, lines: 1 });
      expect(lines[0].msg).toBe('request completed');
      expect(lines[0].res.statusCode).toBe(status);
      expect(lines[0].req.method).toBe('GET');
    }
    expect(linesFor('api')[0].req.headers.authorization).toBe('[Redacted]');
    expect(linesFor('page')[0].req.headers.cookie).toBe('[Redacted]');
    expect(out).not.toContain('rahasia');
  });
});
