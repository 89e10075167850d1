import { Logger } from '@nestjs/common';
import { Client, type Notification } from 'pg';

/**
 * A dedicated LISTEN connection that survives the database going away: errors are logged, never
 * thrown at the process, and the connection is re-established (with jitter) until `close()`.
 */
export class PgListener {
  private readonly logger: Logger;
  private client: Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly channels: string[],
    private readonly onNotification: (n: Notification) => void,
    name: string,
  ) {
    this.logger = new Logger(name);
  }

  /** Resolves once listening; later connection losses are repaired in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url });
    client.on('error', (err) => this.logger.warn(`listener connection lost: ${err.message}`));
    client.on('notification', this.onNotification);
    client.on('end', () => {
      if (this.client === client) this.client = null;
      this.scheduleReconnect();
    });
    await client.connect();
    for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.closed) return;
      this.connect().catch((err) => {
        this.logger.warn(`listener reconnect failed: ${(err as Error).message}`);
        this.scheduleReconnect();
      });
    }, 1000 + Math.floor(Math.random() * 1000));
    this.retry.unref();
  }
}
