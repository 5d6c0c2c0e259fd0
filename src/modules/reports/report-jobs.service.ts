import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { appDatabaseUrl } from '../../database/database-roles';
import PgBoss from 'pg-boss';
import type { AuthUser } from '../../common/auth/auth-user';
import { REPORT_ERRORS } from './reports.errors';
import type { Period } from '../../common/period/period';
import { AppConfig } from '../../config/app-config';

export const REPORT_QUEUE = 'report-pdf';

/** What a job carries: who asked and for which report; everything else is read again when it runs. */
export interface ReportJobData {
  userId: string;
  region: string;
  year: number;
  period: Period;
  /** Which document; absent means a realisasi report (as every job was before the books' documents queued). */
  document?: ReportJobDocument;
  /** A book document's month and (Buku Pembantu Pajak) layout. */
  month?: number;
  layout?: 'chronological' | 'recap';
  /** The download's file name once the job is done. */
  fileName?: string;
}

export type ReportJobDocument = 'realisasi' | 'bku' | 'pajak' | 'lpj';

export type ReportJobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface ReportJobStatus {
  id: string;
  state: ReportJobState;
  /** The issued document's number once the job completed. */
  number: string | null;
  data: ReportJobData;
}

const missing = () => REPORT_ERRORS.error('REPORT_JOB_NOT_FOUND');

/**
 * Large reports render as jobs on pg-boss: the queue is a table in PostgreSQL, so a request survives a restart and
 * every app instance with REPORT_JOB_WORKER on takes its share. The handler is given by the report files service
 * (it owns rendering); this service owns the queue.
 */
@Injectable()
export class ReportJobsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('ReportJobs');
  private boss: PgBoss | null = null;
  private readonly handlers = new Map<ReportJobDocument, (data: ReportJobData) => Promise<string>>();

  constructor(private readonly config: AppConfig) {}

  /**
   * Renders one job's document and returns the issued number; set once per document by the service that draws it
   * (realisasi: the report files service; the books' documents: their service).
   */
  setHandler(handler: (data: ReportJobData) => Promise<string>, document: ReportJobDocument = 'realisasi'): void {
    this.handlers.set(document, handler);
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.DATABASE_URL) return;
    // The queue is used as the app's restricted role, like every other table; its schema comes from the migrations.
    const url = appDatabaseUrl(this.config);
    // The schema comes from the migrations; maintenance and cron are not needed for one short-lived queue.
    const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 2, migrate: false, supervise: false, schedule: false });
    boss.on('error', (err) => this.log.error(`job queue: ${err.message}`));
    await boss.start();
    await boss.createQueue(REPORT_QUEUE).catch(() => undefined);
    this.boss = boss;
    if (this.config.REPORT_JOB_WORKER) {
      await boss.work<ReportJobData>(REPORT_QUEUE, { pollingIntervalSeconds: this.config.REPORT_JOB_POLL_SECONDS }, async ([job]) => {
        const document = job.data.document ?? 'realisasi';
        const handler = this.handlers.get(document);
        if (!handler) throw new Error(`no job handler registered for ${document}`);
        return { number: await handler(job.data) };
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    // A job still running when the app stops is retried by the next worker (the jobs' expiry), not lost.
    await boss?.stop({ graceful: true, wait: true, timeout: 5_000 }).catch(() => undefined);
  }

  async enqueue(data: ReportJobData): Promise<string> {
    if (!this.boss) throw new Error('the report job queue is not running (no DATABASE_URL)');
    const id = await this.boss.send(REPORT_QUEUE, data, { retryLimit: 2, retryDelay: 5, expireInMinutes: 30 });
    if (!id) throw new Error('the report job was not queued');
    return id;
  }

  /** The job, for the user who asked for it; anyone else (and an unknown id) gets the same 404. */
  async status(user: AuthUser, id: string): Promise<ReportJobStatus> {
    if (!this.boss || !/^[0-9a-f-]{36}$/i.test(id)) throw missing();
    const job = await this.boss.getJobById<ReportJobData>(REPORT_QUEUE, id, { includeArchive: true });
    if (!job || job.data.userId !== user.id) throw missing();
    const output = job.output as { number?: string } | null;
    return { id, state: job.state, number: output?.number ?? null, data: job.data };
  }
}
