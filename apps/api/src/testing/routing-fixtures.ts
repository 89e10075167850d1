import type { ConversationKind } from '@babillard/contracts';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { ChannelEntity } from '../modules/channels/channel.entity';
import { ContactIdentityEntity } from '../modules/contacts/contact-identity.entity';
import { ContactEntity } from '../modules/contacts/contact.entity';
import { ConversationEntity } from '../modules/conversations/conversation.entity';
import { MessageEntity } from '../modules/conversations/message.entity';
import { InboundRouter, type InboundRoutingResult } from '../modules/routing/inbound-router';
import { seedChannel, seedTeam, seedUser, seedWorkspace, TEST_PASSWORD } from './seed';
import { login, type TestApp } from './test-app';

/** Routing test fixtures: a brand with the three demo teams, and inbound messages routed like ingestion does. */
export interface Brand {
  workspaceId: string;
  teams: { community: string; afterSales: string; crisis: string };
  channel: ChannelEntity;
  lead: { id: string; token: string };
  agent: { id: string; token: string };
}

export async function seedBrand(t: TestApp): Promise<Brand> {
  const ds = t.dataSource;
  const ws = await seedWorkspace(ds);
  const community = await seedTeam(ds, ws.id, 'Communauté');
  const afterSales = await seedTeam(ds, ws.id, 'Service après-vente');
  const crisis = await seedTeam(ds, ws.id, 'Communications de crise');
  const lead = await seedUser(ds, { workspaceId: ws.id, role: 'lead', teamIds: [crisis.id] });
  const agent = await seedUser(ds, { workspaceId: ws.id, role: 'agent', teamIds: [afterSales.id] });
  const channel = await seedChannel(ds, { workspaceId: ws.id, platform: 'facebook', externalId: `page-${randomBytes(4).toString('hex')}`, defaultTeamId: community.id });
  return {
    workspaceId: ws.id,
    teams: { community: community.id, afterSales: afterSales.id, crisis: crisis.id },
    channel,
    lead: { id: lead.id, token: await login(t.http, lead.email, TEST_PASSWORD) },
    agent: { id: agent.id, token: await login(t.http, agent.email, TEST_PASSWORD) },
  };
}

export interface InboundOpts {
  followers?: number;
  verified?: boolean;
  vip?: boolean;
  at?: Date;
  kind?: ConversationKind;
  /** A follow-up in this conversation instead of a new thread. */
  conversationId?: string;
}

/** Stores a customer message the way ingestion does, then routes it in the same transaction. */
export async function routeInbound(
  app: TestApp,
  b: Brand,
  text: string,
  o: InboundOpts = {},
): Promise<{ conversationId: string; result: InboundRoutingResult }> {
  const router = app.app.get(InboundRouter);
  const at = o.at ?? new Date();
  return app.dataSource.transaction(async (tx) => {
    let conversation: ConversationEntity;
    let identity: ContactIdentityEntity;
    if (o.conversationId) {
      conversation = await tx.getRepository(ConversationEntity).findOneByOrFail({ id: o.conversationId });
      identity = await tx.getRepository(ContactIdentityEntity).findOneByOrFail({ contactId: conversation.contactId });
    } else {
      const contact = await tx.getRepository(ContactEntity).save({ workspaceId: b.workspaceId, name: 'Client', vip: o.vip ?? false });
      identity = await tx.getRepository(ContactIdentityEntity).save({
        workspaceId: b.workspaceId,
        contactId: contact.id,
        platform: 'facebook' as const,
        externalId: randomBytes(6).toString('hex'),
        displayName: 'Client',
        followersCount: o.followers ?? 120,
        verified: o.verified ?? false,
      });
      conversation = await tx.getRepository(ConversationEntity).save({
        workspaceId: b.workspaceId,
        channelId: b.channel.id,
        platform: 'facebook' as const,
        kind: o.kind ?? 'comment',
        threadKey: randomBytes(6).toString('hex'),
        contactId: contact.id,
        lastActivityAt: at,
        lastInboundAt: at,
        lastMessageText: text,
      });
    }
    const message = await tx.getRepository(MessageEntity).save({
      workspaceId: b.workspaceId,
      conversationId: conversation.id,
      channelId: b.channel.id,
      direction: 'inbound' as const,
      externalId: randomBytes(8).toString('hex'),
      authorIdentityId: identity.id,
      text,
      createdAt: at,
    });
    const result = await router.routeInbound(tx, { channel: b.channel, conversation, message, author: identity, isNewConversation: !o.conversationId });
    return { conversationId: conversation.id, result };
  });
}

export function workspaceApi(t: TestApp, b: Brand, token = b.lead.token) {
  const url = (path: string) => `/api/v1/workspaces/${b.workspaceId}${path}`;
  const auth = { Authorization: `Bearer ${token}` };
  return {
    get: (path: string) => request(t.http).get(url(path)).set(auth),
    post: (path: string, body: object = {}) => request(t.http).post(url(path)).set(auth).send(body),
    patch: (path: string, body: object) => request(t.http).patch(url(path)).set(auth).send(body),
    put: (path: string, body: object) => request(t.http).put(url(path)).set(auth).send(body),
    delete: (path: string) => request(t.http).delete(url(path)).set(auth),
  };
}

export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
