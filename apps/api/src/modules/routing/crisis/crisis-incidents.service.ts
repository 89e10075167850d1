import type { CrisisIncidentDetail, CrisisIncidentSummary } from '@babillard/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { RoutingSettingsRepository } from '../routing-settings.repository';
import { CrisisDetectorService, lockWorkspaceCrises } from './crisis-detector.service';
import { CrisisIncidentsRepository } from './crisis-incidents.repository';
import { CrisisPublisher, noCrisisChanges, type CrisisChanges } from './crisis-publisher';

/** Leads' hand actions on incidents: open, attach, merge, close. Events leave after commit. */
@Injectable()
export class CrisisIncidentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly incidents: CrisisIncidentsRepository,
    private readonly detector: CrisisDetectorService,
    private readonly settings: RoutingSettingsRepository,
    private readonly publisher: CrisisPublisher,
  ) {}

  list(workspaceId: string, status?: 'open' | 'closed'): Promise<CrisisIncidentSummary[]> {
    return this.incidents.list(this.db.manager, workspaceId, status);
  }

  async get(workspaceId: string, id: string): Promise<CrisisIncidentDetail> {
    const incident = await this.incidents.get(this.db.manager, workspaceId, id);
    if (!incident) throw new NotFoundException('crisis incident not found');
    return incident;
  }

  async open(workspaceId: string, userId: string, input: { title: string; reason?: string; conversationIds?: string[] }): Promise<CrisisIncidentDetail> {
    const out = noCrisisChanges();
    const id = await this.db.transaction(async (tx) => {
      const incidentId = await this.incidents.create(tx, workspaceId, { title: input.title, reason: input.reason ?? '', actor: { type: 'user', userId } });
      await this.attachAll(tx, workspaceId, incidentId, input.conversationIds ?? [], userId, out);
      out.opened.push(incidentId);
      const leads = (await this.incidents.leadIds(tx, workspaceId)).filter((u) => u !== userId);
      if (leads.length) out.notify.push({ workspaceId, userIds: leads, kind: 'crisis', conversationId: null, text: `Crise ouverte : ${input.title}` });
      return incidentId;
    });
    await this.publisher.publish(workspaceId, out);
    return this.get(workspaceId, id);
  }

  async attach(workspaceId: string, userId: string, id: string, conversationIds: string[]): Promise<CrisisIncidentDetail> {
    const out = noCrisisChanges();
    await this.db.transaction(async (tx) => {
      await this.requireOpen(tx, workspaceId, id);
      await this.attachAll(tx, workspaceId, id, conversationIds, userId, out);
      out.updated.push(id);
    });
    await this.publisher.publish(workspaceId, out);
    return this.get(workspaceId, id);
  }

  /** Folds other open incidents into this one: their threads move here and they close. */
  async merge(workspaceId: string, userId: string, id: string, incidentIds: string[]): Promise<CrisisIncidentDetail> {
    const out = noCrisisChanges();
    await this.db.transaction(async (tx) => {
      await this.requireOpen(tx, workspaceId, id);
      for (const sourceId of new Set(incidentIds)) {
        if (sourceId === id) throw new BadRequestException('incidentIds must not contain the target incident');
        const source = await this.incidents.get(tx, workspaceId, sourceId);
        if (!source) throw new NotFoundException(`crisis incident ${sourceId} not found`);
        if (source.status !== 'open') throw new BadRequestException(`crisis incident ${sourceId} is already closed`);
        const current: { id: string }[] = await tx.query(`SELECT id FROM conversation WHERE crisis_id = $1`, [sourceId]);
        await this.attachAll(tx, workspaceId, id, current.map((c) => c.id), userId, out);
        await this.incidents.close(tx, sourceId, id);
        await this.incidents.addEvent(tx, sourceId, 'incident.merged', { type: 'user', userId }, { into: id });
        await this.incidents.addEvent(tx, id, 'incident.absorbed', { type: 'user', userId }, { from: sourceId, title: source.title });
        out.updated.push(sourceId);
      }
      out.updated.push(id);
    });
    await this.publisher.publish(workspaceId, out);
    return this.get(workspaceId, id);
  }

  /** Closes the incident; its threads leave crisis mode (the incident keeps the list). */
  async close(workspaceId: string, userId: string, id: string): Promise<CrisisIncidentDetail> {
    const out = noCrisisChanges();
    await this.db.transaction(async (tx) => {
      await lockWorkspaceCrises(tx, workspaceId);
      await this.requireOpen(tx, workspaceId, id);
      const released = await this.incidents.closeAndRelease(tx, workspaceId, id, { type: 'user', userId });
      for (const c of released) out.conversations.set(c, null);
      out.updated.push(id);
    });
    await this.publisher.publish(workspaceId, out);
    return this.get(workspaceId, id);
  }

  private async requireOpen(tx: EntityManager, workspaceId: string, id: string): Promise<void> {
    const [row] = await tx.query(`SELECT status FROM crisis_incident WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [workspaceId, id]);
    if (!row) throw new NotFoundException('crisis incident not found');
    if (row.status !== 'open') throw new BadRequestException('crisis incident is closed');
  }

  private async attachAll(tx: EntityManager, workspaceId: string, incidentId: string, conversationIds: string[], userId: string, out: CrisisChanges) {
    if (!conversationIds.length) return;
    const unique = [...new Set(conversationIds)];
    const found: { id: string }[] = await tx.query(`SELECT id FROM conversation WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, unique]);
    if (found.length !== unique.length) throw new NotFoundException('conversationIds names a conversation that is not in this workspace');
    const { crisisTeamId } = await this.settings.get(tx, workspaceId);
    const before: { id: string; team_id: string | null }[] = await tx.query(`SELECT id, team_id FROM conversation WHERE id = ANY($1::uuid[])`, [unique]);
    for (const c of before) {
      if (await this.detector.attach(tx, incidentId, c.id, crisisTeamId, { type: 'user', userId }, workspaceId)) out.conversations.set(c.id, c.team_id);
    }
    await this.incidents.touch(tx, incidentId);
  }
}
