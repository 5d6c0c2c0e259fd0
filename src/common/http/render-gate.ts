import { HTTP_ERRORS } from './http.errors';

export interface RenderGateOptions {
  /** documents built at once; each holds a database connection while it reads and registers */
  concurrency: number;
  /** requests allowed to wait; more answer 503 with Retry-After at once */
  maxQueue: number;
  /** how long one may wait before it answers 503 */
  maxWaitMs: number;
}

interface Waiter {
  grant: () => void;
  fail: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A counting semaphore in front of PDF building. Excess requests wait in a FIFO queue holding nothing (no
 * connection, no transaction), so a burst of downloads can never take the whole pool and starve health checks or
 * writes; a queue too long, a wait too long or a client that left ends its wait.
 */
export class RenderGate {
  private active = 0;
  private readonly queue: Waiter[] = [];
  /** high-water marks since start, for tests and benchmarks */
  readonly peak = { active: 0, queued: 0 };

  constructor(readonly options: RenderGateOptions) {}

  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  get stats() {
    return { active: this.active, queued: this.queue.length, peak: { ...this.peak } };
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (this.active < this.options.concurrency && this.queue.length === 0) {
      this.take();
      return Promise.resolve();
    }
    if (this.queue.length >= this.options.maxQueue) return Promise.reject(busy());
    return new Promise<void>((resolve, reject) => {
      const leave = (e: Error) => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        clearTimeout(waiter.timer);
        signal?.removeEventListener('abort', onAbort);
        reject(e);
      };
      const onAbort = () => leave(HTTP_ERRORS.error('CLIENT_CLOSED_REQUEST'));
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          signal?.removeEventListener('abort', onAbort);
          this.take();
          resolve();
        },
        fail: leave,
        timer: setTimeout(() => leave(busy()), this.options.maxWaitMs),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.peak.queued = Math.max(this.peak.queued, this.queue.length);
    });
  }

  private take(): void {
    this.active++;
    this.peak.active = Math.max(this.peak.active, this.active);
  }

  private release(): void {
    this.active--;
    const next = this.queue.shift();
    next?.grant();
  }
}

function busy() {
  const e = HTTP_ERRORS.error('SERVER_BUSY');
  e.retryAfter = 5;
  return e;
}
