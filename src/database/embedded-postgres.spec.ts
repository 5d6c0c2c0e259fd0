import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertReachableAsPostgres, blockedFolder, postgresUserIds } from './embedded-postgres';

describe('embedded PostgreSQL under root: can the postgres user reach its folders?', () => {
  const me = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  const stranger = { uid: 987654, gid: 987654 };
  let base: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-reach-'));
    fs.chmodSync(base, 0o755);
  });
  afterEach(() => {
    fs.chmodSync(base, 0o755);
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('names the first folder another user cannot enter (a 700 home or temp folder)', () => {
    const closed = path.join(base, 'rumah');
    fs.mkdirSync(path.join(closed, 'proyek', '.data'), { recursive: true });
    fs.chmodSync(base, 0o755);
    fs.chmodSync(closed, 0o700);
    expect(blockedFolder(path.join(closed, 'proyek', '.data', 'pg'), stranger)).toBe(closed);
    // Its owner may enter it, and so may a folder that is open to others.
    expect(blockedFolder(path.join(closed, 'proyek', '.data', 'pg'), { uid: fs.statSync(closed).uid, gid: -1 })).toBeNull();
    fs.chmodSync(closed, 0o755);
    expect(blockedFolder(path.join(closed, 'proyek', '.data', 'pg'), stranger)).toBeNull();
    expect(me.uid).toBeGreaterThanOrEqual(0);
  });

  it('stops with one sentence that says what to do, instead of an EACCES stack trace', () => {
    const closed = path.join(base, 'tertutup');
    fs.mkdirSync(closed);
    fs.chmodSync(closed, 0o700);
    expect(() => assertReachableAsPostgres(path.join(closed, 'pg'), null, stranger)).toThrow(
      /^PostgreSQL tertanam tidak bisa dijalankan oleh root .* tidak boleh masuk ke .*tertutup: jalankan npm start sebagai pengguna biasa, .*DATABASE_URL/,
    );
    expect(() => assertReachableAsPostgres(path.join(base, 'pg'), null, stranger)).not.toThrow();
  });

  it('reads the postgres user from a passwd file', () => {
    const passwd = path.join(base, 'passwd');
    fs.writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\npostgres:x:101:104:PostgreSQL:/var/lib/postgresql:/bin/bash\n');
    expect(postgresUserIds(passwd)).toEqual({ uid: 101, gid: 104 });
    expect(postgresUserIds(path.join(base, 'tidak-ada'))).toEqual({ uid: -1, gid: -1 });
  });
});
