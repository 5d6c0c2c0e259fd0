import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

describe('embedded PostgreSQL started from a folder other users cannot enter (issue #16 item 11)', () => {
  let base: string;
  beforeAll(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-root-'));
    fs.chmodSync(base, 0o700);
  });
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it('as root stops with the one sentence (the server would run as "postgres"); as its owner it starts', async () => {
    const start = startEmbeddedPostgres({ dataDir: path.join(base, 'pg'), port: 56000 + Math.floor(Math.random() * 3000), database: 'postgres', fast: true, persistent: false });
    if (process.getuid?.() === 0) {
      await expect(start).rejects.toThrow(/tidak boleh masuk ke .*dk-root-.*: jalankan npm start sebagai pengguna biasa/);
    } else {
      const db = await start;
      await db.stop();
    }
  });
});
