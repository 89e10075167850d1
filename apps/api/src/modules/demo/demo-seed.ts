import { PRIORITIES, type ConversationKind, type Locale, type Platform, type Priority, type Role } from '@babillard/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { ChannelEntity } from '../channels/channel.entity';
import { ContactIdentityEntity } from '../contacts/contact-identity.entity';
import { ContactEntity } from '../contacts/contact.entity';
import { ConversationEventEntity } from '../conversations/conversation-event.entity';
import { ConversationEntity } from '../conversations/conversation.entity';
import { MessageEntity } from '../conversations/message.entity';
import { PostEntity } from '../conversations/post.entity';
import { seedDefaultRoutingRules } from '../routing/default-rules';
import { TeamMemberEntity } from '../teams/team-member.entity';
import { TeamEntity } from '../teams/team.entity';
import { hashPassword } from '../users/password-hasher';
import { UserEntity } from '../users/user.entity';
import { WorkspaceMemberEntity } from '../users/workspace-member.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/** Every demo account shares this password; the start banner prints it. */
export const DEMO_PASSWORD = 'babillard-demo';

type DemoTeam = 'community' | 'afterSales' | 'crisis';

export const DEMO_USERS: { email: string; name: string; role: Role; locale: Locale; teams: DemoTeam[] }[] = [
  { email: 'admin@babillard.local', name: 'Alex Admin', role: 'admin', locale: 'fr', teams: [] },
  { email: 'lea@babillard.local', name: 'Léa Tremblay', role: 'lead', locale: 'fr', teams: ['community', 'afterSales', 'crisis'] },
  { email: 'marie@babillard.local', name: 'Marie Gagnon', role: 'agent', locale: 'fr', teams: ['community'] },
  { email: 'jordan@babillard.local', name: 'Jordan Smith', role: 'agent', locale: 'en', teams: ['afterSales'] },
  { email: 'sophie@babillard.local', name: 'Sophie Côté', role: 'agent', locale: 'fr', teams: ['crisis', 'community'] },
];

/** The external ids the simulator signs payloads for (`npm run simulate`). */
export const DEMO_CHANNELS: { platform: Platform; externalId: string; name: string; team: DemoTeam }[] = [
  { platform: 'facebook', externalId: '100473908465587', name: 'Café Boréal — Facebook', team: 'community' },
  { platform: 'instagram', externalId: '17841405726653026', name: '@cafeboreal — Instagram', team: 'community' },
  { platform: 'whatsapp', externalId: '106540352242922', name: 'Café Boréal — WhatsApp', team: 'afterSales' },
  { platform: 'x', externalId: '2244994945', name: '@CafeBoreal — X', team: 'community' },
];

interface DemoConversation {
  channel: number;
  kind: ConversationKind;
  team: DemoTeam;
  priority: Priority;
  labels: string[];
  customer: { id: string; name: string; handle: string; followers: number; verified?: boolean };
  post?: { id: string; text: string; permalink: string };
  messages: { id: string; text: string; minutesAgo: number; outbound?: boolean }[];
}

const DEMO_CONVERSATIONS: DemoConversation[] = [
  {
    channel: 0,
    kind: 'comment',
    team: 'afterSales',
    priority: 'high',
    labels: ['livraison'],
    customer: { id: '3844961895548656', name: 'Marie-Ève Bouchard', handle: 'marieeve.bouchard', followers: 312 },
    post: {
      id: '100473908465587_150691160110528',
      text: 'Notre nouvelle mouture d’automne est arrivée ☕🍁',
      permalink: 'https://www.facebook.com/cafeboreal/posts/150691160110528',
    },
    messages: [{ id: '150691160110528_150691260110518', text: "Ma commande #48213 n'est toujours pas arrivée, ça fait deux semaines. C'est quoi le problème?", minutesAgo: 42 }],
  },
  {
    channel: 1,
    kind: 'dm',
    team: 'afterSales',
    priority: 'normal',
    labels: ['remboursement'],
    customer: { id: '6780462125377510', name: 'Jonathan Pelletier', handle: 'jopelletier', followers: 1250 },
    messages: [
      { id: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1NzI2NjUzMDI2OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTg1NzUxNTgzNjc1OTU1Mzo', text: 'Bonjour, la cafetière que j’ai reçue est brisée. Est-ce que je peux avoir un remboursement?', minutesAgo: 95 },
      { id: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1NzI2NjUzMDI2OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTg1NzUxNTgzNjc1OTU1NDo', text: 'Bonjour Jonathan! Désolés pour ça. Pouvez-vous nous envoyer une photo et votre numéro de commande?', minutesAgo: 80, outbound: true },
      { id: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1NzI2NjUzMDI2OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTg1NzUxNTgzNjc1OTU1NTo', text: 'Commande 48177, photo envoyée ci-haut.', minutesAgo: 12 },
    ],
  },
  {
    channel: 3,
    kind: 'mention',
    team: 'crisis',
    priority: 'urgent',
    labels: ['sécurité'],
    customer: { id: '1160103300748406', name: 'Daily Brew News', handle: 'dailybrewnews', followers: 184000, verified: true },
    messages: [
      { id: '1586000000000000001', text: '@CafeBoreal several customers report allergic reactions after the new hazelnut blend. Is there a recall coming?', minutesAgo: 7 },
    ],
  },
  {
    channel: 2,
    kind: 'dm',
    team: 'afterSales',
    priority: 'normal',
    labels: [],
    customer: { id: '15145550123', name: 'Sam Roy', handle: '+1 514 555 0123', followers: 0 },
    messages: [{ id: 'wamid.HBgLMTUxNDU1NTAxMjMVAgASGBQzQUI0RjE2QjEwQUZCMjc1RjU0MQA=', text: 'Hi, can I change the delivery address on order 48250? I moved last week.', minutesAgo: 25 }],
  },
  {
    channel: 1,
    kind: 'comment',
    team: 'community',
    priority: 'low',
    labels: ['bravo'],
    customer: { id: '232323232', name: 'Chloé L.', handle: 'chloe.latte', followers: 890 },
    post: { id: '17895695668004550', text: 'Latte à l’érable, édition limitée', permalink: 'https://www.instagram.com/p/CafeBorealErable/' },
    messages: [{ id: '17865799348089039', text: 'Trop bon le latte à l’érable, merci! 😍', minutesAgo: 180 }],
  },
];

/** The composer's `/` picker: a few ready replies in both languages (leads edit them per workspace). */
export const DEMO_CANNED_RESPONSES: { shortcut: string; locale: Locale; text: string }[] = [
  { shortcut: 'bonjour', locale: 'fr', text: 'Bonjour! Merci de nous écrire, comment pouvons-nous vous aider?' },
  { shortcut: 'merci', locale: 'fr', text: 'Merci pour votre message, toute l’équipe l’apprécie!' },
  { shortcut: 'commande', locale: 'fr', text: 'Pouvez-vous nous envoyer votre numéro de commande pour que nous vérifiions?' },
  { shortcut: 'dm', locale: 'fr', text: 'Nous vous avons écrit en message privé pour régler ça ensemble.' },
  { shortcut: 'hello', locale: 'en', text: 'Hello! Thanks for reaching out, how can we help?' },
  { shortcut: 'thanks', locale: 'en', text: 'Thank you for your message, it means a lot to the team!' },
  { shortcut: 'order', locale: 'en', text: 'Could you send us your order number so we can look into it?' },
  { shortcut: 'refund', locale: 'en', text: 'We are sorry about this. We have started a refund; you will receive it within 5 to 10 business days.' },
];

/** Two brands, as an agency would run them: Café Boréal (full demo) and Maple & Co. */
export async function seedDemoWorkspaces(ds: DataSource, opts: { existingAdminId: string | null }): Promise<void> {
  await ds.transaction(async (tx) => {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const workspace = await tx.getRepository(WorkspaceEntity).save({ name: 'Café Boréal', settings: {} });
    const second = await tx.getRepository(WorkspaceEntity).save({ name: 'Maple & Co.', settings: {} });

    const teams: Record<DemoTeam, TeamEntity> = {
      community: await tx.getRepository(TeamEntity).save({ workspaceId: workspace.id, name: 'Communauté' }),
      afterSales: await tx.getRepository(TeamEntity).save({ workspaceId: workspace.id, name: 'Service après-vente' }),
      crisis: await tx.getRepository(TeamEntity).save({ workspaceId: workspace.id, name: 'Communications de crise' }),
    };
    await tx.getRepository(TeamEntity).save({ workspaceId: second.id, name: 'Communauté' });
    await seedDefaultRoutingRules(tx, workspace.id, { community: teams.community.id, afterSales: teams.afterSales.id, crisis: teams.crisis.id });
    for (const c of DEMO_CANNED_RESPONSES) {
      await tx.query(`INSERT INTO canned_response (workspace_id, shortcut, text, locale) VALUES ($1, $2, $3, $4)`, [workspace.id, c.shortcut, c.text, c.locale]);
    }

    const userIds: string[] = [];
    for (const [i, u] of DEMO_USERS.entries()) {
      const user =
        i === 0 && opts.existingAdminId
          ? await tx.getRepository(UserEntity).findOneByOrFail({ id: opts.existingAdminId })
          : await tx.getRepository(UserEntity).save({
              email: u.email,
              name: u.name,
              passwordHash,
              locale: u.locale,
              instanceAdmin: i === 0,
            });
      userIds.push(user.id);
      await tx.getRepository(WorkspaceMemberEntity).insert({ workspaceId: workspace.id, userId: user.id, role: u.role });
      for (const t of u.teams) await tx.getRepository(TeamMemberEntity).insert({ teamId: teams[t].id, userId: user.id });
    }
    // The agency's lead and admin also look after the second brand.
    await tx.getRepository(WorkspaceMemberEntity).insert([
      { workspaceId: second.id, userId: userIds[0], role: 'admin' },
      { workspaceId: second.id, userId: userIds[1], role: 'lead' },
    ]);

    const channels: ChannelEntity[] = [];
    for (const c of DEMO_CHANNELS) {
      channels.push(
        await tx.getRepository(ChannelEntity).save({
          workspaceId: workspace.id,
          platform: c.platform,
          externalId: c.externalId,
          name: c.name,
          defaultTeamId: teams[c.team].id,
          status: 'active' as const,
          settings: {},
        }),
      );
    }
    await tx.getRepository(ChannelEntity).save({
      workspaceId: second.id,
      platform: 'facebook',
      externalId: '102290129340398',
      name: 'Maple & Co. — Facebook',
      status: 'active' as const,
      settings: {},
    });

    for (const conv of DEMO_CONVERSATIONS) {
      await seedConversation(tx, workspace.id, channels[conv.channel], teams[conv.team].id, conv);
    }
  });
}

async function seedConversation(
  tx: EntityManager,
  workspaceId: string,
  channel: ChannelEntity,
  teamId: string,
  conv: DemoConversation,
): Promise<void> {
  const ago = (m: number) => new Date(Date.now() - m * 60_000);
  const contact = await tx.getRepository(ContactEntity).save({ workspaceId, name: conv.customer.name });
  const identity = await tx.getRepository(ContactIdentityEntity).save({
    workspaceId,
    contactId: contact.id,
    platform: channel.platform,
    externalId: conv.customer.id,
    handle: conv.customer.handle,
    displayName: conv.customer.name,
    followersCount: conv.customer.followers,
    verified: conv.customer.verified ?? false,
  });
  const post = conv.post
    ? await tx.getRepository(PostEntity).save({
        workspaceId,
        channelId: channel.id,
        externalId: conv.post.id,
        text: conv.post.text,
        permalink: conv.post.permalink,
      })
    : null;
  const first = conv.messages[0];
  const last = conv.messages[conv.messages.length - 1];
  const lastInbound = [...conv.messages].reverse().find((m) => !m.outbound)!;
  const firstOutbound = conv.messages.find((m) => m.outbound);
  const conversation = await tx.getRepository(ConversationEntity).save({
    workspaceId,
    channelId: channel.id,
    platform: channel.platform,
    kind: conv.kind,
    threadKey: conv.kind === 'dm' ? conv.customer.id : first.id,
    contactId: contact.id,
    postId: post?.id ?? null,
    status: 'open' as const,
    priority: conv.priority,
    priorityRank: PRIORITIES.indexOf(conv.priority),
    teamId,
    labels: conv.labels,
    lastInboundAt: ago(lastInbound.minutesAgo),
    lastOutboundAt: firstOutbound ? ago(firstOutbound.minutesAgo) : null,
    firstResponseAt: firstOutbound ? ago(firstOutbound.minutesAgo) : null,
    waitingSince: ago(last.outbound ? lastInbound.minutesAgo : last.minutesAgo),
    lastActivityAt: ago(last.minutesAgo),
    lastMessageText: last.text,
    lastMessageDirection: last.outbound ? ('outbound' as const) : ('inbound' as const),
    lastMessageAt: ago(last.minutesAgo),
    createdAt: ago(first.minutesAgo),
  });
  await tx.getRepository(MessageEntity).insert(
    conv.messages.map((m) => ({
      workspaceId,
      conversationId: conversation.id,
      channelId: channel.id,
      direction: m.outbound ? ('outbound' as const) : ('inbound' as const),
      externalId: m.id,
      authorIdentityId: m.outbound ? null : identity.id,
      authorName: m.outbound ? channel.name : conv.customer.name,
      authorHandle: m.outbound ? null : conv.customer.handle,
      text: m.text,
      deliveryStatus: m.outbound ? ('read' as const) : null,
      sentAt: m.outbound ? ago(m.minutesAgo) : null,
      createdAt: ago(m.minutesAgo),
    })),
  );
  await tx.getRepository(ConversationEventEntity).insert({
    workspaceId,
    conversationId: conversation.id,
    type: 'conversation.created',
    actorType: 'system',
    data: { source: 'demo' },
  });
}
