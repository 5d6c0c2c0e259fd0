import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/common/paths';
import { blockedFolder, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

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

  // CI runs as root, where the branch above never starts a server as an ordinary user: do that here, as "nobody",
  // in a folder of its own (an ordinary user cannot add the postgres user, and needs no other user at all). Only where
  // nobody may enter the project and the temp folder: a clone in a 700 folder is the first test's case.
  const nobody = { uid: 65534, gid: 65534 };
  const reachable = blockedFolder(PROJECT_ROOT, nobody) === null && blockedFolder(os.tmpdir(), nobody) === null;
  const asRoot = process.getuid?.() === 0 && reachable ? it : it.skip;
  asRoot('as an ordinary user it starts the server as that user, without trying to add one', async () => {
    const { uid, gid } = nobody;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-user-'));
    fs.chownSync(dir, uid, gid);
    const script = `require('./src/database/embedded-postgres').startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(dir, 'pg'))},
      port: ${56000 + Math.floor(Math.random() * 3000)}, database: 'postgres', fast: true, persistent: false })
      .then((db) => db.stop()).then(() => console.log('started and stopped'))`;
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
        cwd: PROJECT_ROOT, uid, gid, env: { ...process.env, HOME: dir, TS_NODE_SWC: 'true' }, timeout: 120_000,
      });
      expect(stdout).toContain('started and stopped');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
