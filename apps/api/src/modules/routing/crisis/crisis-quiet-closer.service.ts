import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DEFAULT_CRISIS_QUIET_MINUTES } from '../routing-settings.repository';
import { lockWorkspaceCrises } from './crisis-detector.service';
import { CrisisIncidentsRepository } from './crisis-incidents.repository';
import { CrisisPublisher, noCrisisChanges } from './crisis-publisher';

/** Open incidents whose quiet period (the workspace's, or the default) has passed at $1. */
const DUE = `
  SELECT i.id, i.workspace_id FROM crisis_incident i LEFT JOIN routing_settings s ON s.workspace_id = i.workspace_id
   WHERE i.status = 'open' AND coalesce(s.crisis_quiet_minutes, $2) > 0
     AND coalesce(i.last_signal_at, i.opened_at) <= $1::timestamptz - make_interval(mins => coalesce(s.crisis_quiet_minutes, $2))
   ORDER BY coalesce(i.last_signal_at, i.opened_at) LIMIT 500`;

/**
 * Closes incidents once the burst has faded: no crisis-signal message has joined them for the
 * workspace's quiet period (routing setting crisisQuietMinutes, 0 = never). Each close re-checks
 * under the workspace's crisis lock, so a signal arriving meanwhile keeps the incident open and
 * two processes sweeping at once close it once. The clock is a parameter.
 */
@Injectable()
export class CrisisQuietCloser {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly incidents: CrisisIncidentsRepository,
    private readonly publisher: CrisisPublisher,
  ) {}

  /** Returns the incidents this call closed. */
  async closeQuietIncidents(now: Date = new Date()): Promise<string[]> {
    const due: { id: string; workspace_id: string }[] = await this.db.query(DUE, [now, DEFAULT_CRISIS_QUIET_MINUTES]);
    const closed: string[] = [];
    for (const d of due) if (await this.closeIfQuiet(d.workspace_id, d.id, now)) closed.push(d.id);
    return closed;
  }

  private async closeIfQuiet(workspaceId: string, incidentId: string, now: Date): Promise<boolean> {
    const out = noCrisisChanges();
    const closed = await this.db.transaction(async (tx) => {
      await lockWorkspaceCrises(tx, workspaceId);
      const [row]: { status: string; quiet_since: Date; quiet_minutes: number }[] = await tx.query(
        `SELECT i.status, coalesce(i.last_signal_at, i.opened_at) AS quiet_since, coalesce(s.crisis_quiet_minutes, $2) AS quiet_minutes
           FROM crisis_incident i LEFT JOIN routing_settings s ON s.workspace_id = i.workspace_id
          WHERE i.id = $1 FOR UPDATE OF i`,
        [incidentId, DEFAULT_CRISIS_QUIET_MINUTES],
      );
      const quietMs = (row?.quiet_minutes ?? 0) * 60_000;
      if (!row || row.status !== 'open' || quietMs <= 0 || now.getTime() - row.quiet_since.getTime() < quietMs) return false;
      const released = await this.incidents.closeAndRelease(tx, workspaceId, incidentId, { type: 'system' }, {
        auto: true,
        reason: `no crisis signal for ${row.quiet_minutes} min`,
        quietMinutes: row.quiet_minutes,
        lastSignalAt: row.quiet_since.toISOString(),
      });
      for (const c of released) out.conversations.set(c, null);
      out.updated.push(incidentId);
      return true;
    });
    if (closed) await this.publisher.publish(workspaceId, out);
    return closed;
  }
}
