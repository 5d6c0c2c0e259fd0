import { MigrationInterface, QueryRunner } from 'typeorm';
import PgBoss from 'pg-boss';

/**
 * The job queue that renders large reports (pg-boss, schema `pgboss`), created here with the rest of the schema
 * rather than by the first app instance to start, so every instance (and every test database) finds it ready.
 * pg-boss's own construction plan, without its BEGIN/COMMIT: the migration runs in its own transaction.
 */
export class ReportJobs1764800000100 implements MigrationInterface {
  name = 'ReportJobs1764800000100';

  public async up(q: QueryRunner): Promise<void> {
    const plan = PgBoss.getConstructionPlans('pgboss').replace(/^\s*(BEGIN|COMMIT);\s*$/gm, '');
    await q.query(plan);
    // The queue's partition is made here, as the owner: attaching it to pgboss.job needs the table's owner, and
    // the app role may only use the queue (send, fetch, complete), never change its schema.
    await q.query(`SELECT pgboss.create_queue($1, $2::json)`, ['report-pdf', JSON.stringify({ policy: 'standard' })]);
    await q.query(`GRANT USAGE ON SCHEMA pgboss TO dana_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO dana_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pgboss TO dana_app`);
    await q.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO dana_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA pgboss FROM dana_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA pgboss FROM dana_app`);
    await q.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA pgboss FROM dana_app`);
    await q.query(`REVOKE ALL ON SCHEMA pgboss FROM dana_app`);
    await q.query('DROP SCHEMA pgboss CASCADE');
  }
}
