import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { withDatabase } from '../helpers/db-url';

/** The server benchmarks run on: DATABASE_URL, else the machine's PostgreSQL on 127.0.0.1:5432. */
export function benchServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** A scratch database, created fresh and migrated; dropped by the returned function unless BENCH_KEEP=1. */
export async function scratchDatabase(name: string): Promise<{ url: string; ds: DataSource; drop: () => Promise<void> }> {
  const server = benchServerUrl();
  const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(server, name);
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return {
    url,
    ds,
    drop: async () => {
      await ds.destroy().catch(() => undefined);
      if (process.env.BENCH_KEEP === '1') return;
      const c = new Client({ connectionString: withDatabase(server, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2));
