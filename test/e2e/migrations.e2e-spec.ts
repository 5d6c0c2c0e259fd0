import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { MIGRATIONS } from '../../migrations';
import { withDatabase } from '../helpers/db-url';

describe('migrations', () => {
  const name = `dk_mig_${process.env.TEST_RUN_ID}`;
  const server = process.env.TEST_PG_SERVER_URL!;
  let ds: DataSource;

  beforeAll(async () => {
    const c = new Client({ connectionString: withDatabase(server, 'postgres') });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    ds = new DataSource(dataSourceOptions(withDatabase(server, name)));
    await ds.initialize();
  });

  afterAll(async () => {
    await ds.destroy();
    const c = new Client({ connectionString: withDatabase(server, 'postgres') });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  });

  const tables = async () =>
    (await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)).map(
      (r: { tablename: string }) => r.tablename,
    );

  it('run up, all the way down, and up again to the same schema', async () => {
    const ran = await ds.runMigrations({ transaction: 'each' });
    expect(ran).toHaveLength(MIGRATIONS.length);
    const schema = await tables();
    expect(schema).toEqual(expect.arrayContaining(['region', 'app_user', 'audit_event', 'plan', 'spending_entry']));
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    await ds.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(schema);
  });

  it('has nothing pending after a run (synchronize stays off)', async () => {
    expect(await ds.showMigrations()).toBe(false);
    expect(ds.options.synchronize).toBe(false);
  });
});
