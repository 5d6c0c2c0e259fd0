import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '../../config/app-config';

const TIMEOUT_MS = 1500;

/**
 * Pings PostgreSQL over a connection of its own, outside the pool: when every pooled connection is busy (a burst of
 * downloads, a slow export) the health check still answers whether the database is up, instead of queueing
 * behind them and reporting the app down. Concurrent checks share one ping.
 */
@Injectable()
export class DatabaseProbe implements OnModuleDestroy {
  private client?: Client;
  private inFlight?: Promise<void>;

  constructor(private readonly config: AppConfig) {}

  ping(): Promise<void> {
    this.inFlight ??= this.pingOnce().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async pingOnce(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`tidak ada jawaban dalam ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    });
    try {
      await Promise.race([this.query(), timeout]);
    } catch (e) {
      // A broken or stuck connection is dropped; the next check opens a fresh one.
      const stale = this.client;
      this.client = undefined;
      void stale?.end().catch(() => undefined);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  private async query(): Promise<void> {
    if (!this.client) {
      const client = new Client({ connectionString: this.config.DATABASE_URL, connectionTimeoutMillis: TIMEOUT_MS, application_name: 'dana-kelurahan-health' });
      client.on('error', () => {
        if (this.client === client) this.client = undefined;
      });
      await client.connect();
      this.client = client;
    }
    await this.client.query('SELECT 1');
  }
}
