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
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA pgboss CASCADE');
  }
}
