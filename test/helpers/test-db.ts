import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withDatabase } from './db-url';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through jest (globalSetup prepares the database)`);
  return v;
}

/** A fresh, migrated database of its own for one suite, copied from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = env('TEST_PG_SERVER_URL');
  const template = env('TEST_PG_TEMPLATE');
  const name = `dk_t_${env('TEST_RUN_ID')}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (e) {
        // Two suites copying the template at the same instant can collide; wait and try again.
        if (attempt >= 20 || !/being accessed by other users/.test(String((e as Error).message))) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(server, name),
    drop: async () => {
      const c = new Client({ connectionString: withDatabase(server, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
