import type { DataSource } from 'typeorm';

/**
 * The intake is a queue (each row is deleted seconds after it is stored), and every new message moves
 * its conversation's indexed sort keys (no HOT update): without autovacuum their dead rows pile up and
 * every claim and queue read walks them. On a server without it, bench:fanout at 1,000 events/s saw
 * the publisher's re-read of conversations go from 2.8 to 6.7 ms (p50) within a minute. A server-wide
 * setting, the operator's to change: said once at start, in words.
 */
export async function warnIfAutovacuumOff(dataSource: DataSource, log: { warn(message: string): void }): Promise<boolean> {
  const [{ setting }] = (await dataSource.query(`SELECT current_setting('autovacuum') AS setting`)) as { setting: string }[];
  if (setting === 'on') return false;
  log.warn(
    'autovacuum is off on this PostgreSQL server: the webhook intake and the conversations will bloat and slow down as dead rows pile up; turn it on (autovacuum = on in postgresql.conf) or vacuum them on a schedule',
  );
  return true;
}
