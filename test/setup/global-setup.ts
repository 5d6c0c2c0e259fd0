import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { setAppRolePassword } from '../../src/database/database-roles';
import { accepts, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { withDatabase } from '../helpers/db-url';

/**
 * Where the tests' PostgreSQL comes from: DATABASE_URL, else the machine's server on 127.0.0.1:5432, else an
 * embedded one in a temporary folder. A migrated template database is made once; every suite copies it.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  // TEST_EMBEDDED=1 skips the machine's server, to exercise the fallback a machine without PostgreSQL takes.
  if (!serverUrl && process.env.TEST_EMBEDDED !== '1') {
    const local = 'postgres://postgres@127.0.0.1:5432/postgres';
    if (await accepts(local)) serverUrl = local;
  }
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-test-pg-'));
    fs.chmodSync(dir, 0o755);
    const port = 55000 + Math.floor(Math.random() * 5000);
    const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port, database: 'postgres', fast: true, persistent: false });
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = { db, dir };
    serverUrl = db.url;
    console.log(`\n[test] PostgreSQL tertanam di port ${port}`);
  }
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const template = `dk_tpl_${runId}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();

  const ds = new DataSource(dataSourceOptions(withDatabase(serverUrl, template)));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  // The embedded server asks every role for a password (the machine's server trusts 127.0.0.1): give the app role one.
  if ((globalThis as Record<string, unknown>).__EMBEDDED_PG__) {
    process.env.TEST_PG_APP_PASSWORD = 'dana-app-uji';
    await setAppRolePassword(withDatabase(serverUrl, template), process.env.TEST_PG_APP_PASSWORD);
  }

  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_PG_TEMPLATE = template;
  process.env.TEST_RUN_ID = runId;
}
