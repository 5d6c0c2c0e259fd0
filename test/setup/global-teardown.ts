import * as fs from 'node:fs';
import { Client } from 'pg';
import type { EmbeddedDatabase } from '../../src/database/embedded-postgres';
import { withDatabase } from '../helpers/db-url';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  const runId = process.env.TEST_RUN_ID;
  const embedded = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as { db: EmbeddedDatabase; dir: string } | undefined;
  if (serverUrl && runId && !embedded) {
    // Drop what this run made (template and any suite database a crashed worker left behind).
    const c = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
    await c.connect();
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`dk\\_%${runId}%`]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await c.end();
  }
  if (embedded) {
    await embedded.db.stop();
    fs.rmSync(embedded.dir, { recursive: true, force: true });
  }
}
