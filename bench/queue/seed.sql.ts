/**
 * Bulk seed for the queue benchmark, all in SQL with generate_series: contacts, identities,
 * conversations and messages of one workspace. Message texts mix French and English sentences so
 * both text search configurations have work.
 */
export const SENTENCES = [
  "Ma commande n'est toujours pas arrivée, ça fait deux semaines",
  'Bonjour, la cafetière que j’ai reçue est brisée',
  'Je voudrais un remboursement pour ma dernière commande',
  'Merci pour le service rapide, très satisfait',
  'Est-ce que vous livrez à Québec cette semaine?',
  'Le colis est arrivé ouvert et il manque un sachet',
  'Quand est-ce que la mouture d’automne revient en boutique?',
  'Votre site refuse ma carte de crédit depuis hier',
  'Trop bon le latte à l’érable!',
  'Je n’arrive pas à me connecter à mon compte fidélité',
  'My order still has not arrived after ten days',
  'The grinder stopped working after a week, I want a refund',
  'Can I change the delivery address on my order?',
  'Great coffee, fast shipping, thanks a lot',
  'Your app keeps crashing when I try to pay',
  'Do you ship to Ontario and how long does it take?',
  'The package was damaged and the beans spilled everywhere',
  'I was charged twice for the same subscription',
  'Is the holiday blend available in decaf?',
  'Customer service never answered my email',
];

export const PRODUCTS = ['espresso', 'moulin', 'abonnement', 'tasse', 'filtre', 'grinder', 'kettle', 'beans', 'gift card', 'décaféiné'];

/** A non-negative hash of an integer expression, one stream per salt. */
const h = (expr: string, salt: number) => `(hashint4((${expr})::int + ${salt * 1_000_003}) & 2147483647)`;

const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]::text[]`;

export function seedStatements(p: { workspaceId: string; channelIds: string[]; teamIds: string[]; userIds: string[]; conversations: number; messagesPer: number }): string[] {
  const contacts = Math.max(1, Math.floor(p.conversations / 3));
  const channels = `ARRAY[${p.channelIds.map((c) => `'${c}'`).join(',')}]::uuid[]`;
  const teams = `ARRAY[${p.teamIds.map((c) => `'${c}'`).join(',')}]::uuid[]`;
  const users = `ARRAY[${p.userIds.map((c) => `'${c}'`).join(',')}]::uuid[]`;
  const platforms = `ARRAY['facebook','instagram','whatsapp','x']::text[]`;
  return [
    `INSERT INTO contact (id, workspace_id, name)
     SELECT ('00000000-0000-4000-a000-' || lpad(to_hex(g), 12, '0'))::uuid, '${p.workspaceId}', 'Client ' || g
     FROM generate_series(1, ${contacts}) g`,
    `INSERT INTO contact_identity (workspace_id, contact_id, platform, external_id, handle, display_name, followers_count)
     SELECT '${p.workspaceId}', ('00000000-0000-4000-a000-' || lpad(to_hex(g), 12, '0'))::uuid,
            (${platforms})[1 + g % 4], 'ext-' || g, 'client_' || g, 'Client ' || g, (g::bigint * 7919) % 50000
     FROM generate_series(1, ${contacts}) g`,
    // Each attribute is drawn from its own hash of the row number, so they are independent (as in real
    // traffic): 30% open, 10% pending, 5% snoozed, 55% resolved; a third assigned; 0.1% in a crisis.
    `INSERT INTO conversation (id, workspace_id, channel_id, platform, kind, thread_key, contact_id, status, priority, priority_rank,
                               team_id, assignee_id, labels, crisis_id, snoozed_until, resolved_at, last_inbound_at, last_activity_at,
                               waiting_since, last_message_text, last_message_direction, last_message_at, created_at, updated_at)
     SELECT ('00000000-0000-4000-b000-' || lpad(to_hex(g), 12, '0'))::uuid, '${p.workspaceId}',
            (${channels})[1 + g % 4], (${platforms})[1 + g % 4], (ARRAY['comment','dm','mention'])[1 + ${h('g', 1)} % 3], 't-' || g,
            ('00000000-0000-4000-a000-' || lpad(to_hex(1 + ${h('g', 2)} % ${contacts}), 12, '0'))::uuid,
            st.status, (ARRAY['low','normal','high','urgent'])[1 + pr.rank], pr.rank,
            (${teams})[1 + ${h('g', 3)} % ${p.teamIds.length}],
            CASE WHEN ${h('g', 4)} % 3 = 0 THEN (${users})[1 + ${h('g', 5)} % ${p.userIds.length}] END,
            CASE ${h('g', 6)} % 10 WHEN 0 THEN ARRAY['livraison'] WHEN 1 THEN ARRAY['livraison'] WHEN 2 THEN ARRAY['remboursement','vip'] ELSE '{}' END,
            CASE WHEN ${h('g', 7)} % 1000 = 0 THEN '00000000-0000-4000-c000-000000000001'::uuid END,
            CASE WHEN st.status = 'snoozed' THEN now() + interval '1 day' END,
            CASE WHEN st.status = 'resolved' THEN ts.at END,
            ts.at, ts.at,
            CASE WHEN st.status IN ('open', 'pending') THEN ts.at END,
            (${sqlArray(SENTENCES)})[1 + ${h('g', 10)} % ${SENTENCES.length}], 'inbound', ts.at, ts.at - interval '1 hour', ts.at
     FROM generate_series(1, ${p.conversations}) g,
          LATERAL (SELECT CASE WHEN ${h('g', 8)} % 20 < 6 THEN 'open' WHEN ${h('g', 8)} % 20 < 8 THEN 'pending'
                               WHEN ${h('g', 8)} % 20 = 8 THEN 'snoozed' ELSE 'resolved' END AS status) st,
          LATERAL (SELECT (CASE WHEN ${h('g', 9)} % 50 = 0 THEN 3 WHEN ${h('g', 9)} % 10 = 0 THEN 2 WHEN ${h('g', 9)} % 4 = 0 THEN 0 ELSE 1 END)::smallint AS rank) pr,
          LATERAL (SELECT now() - (${h('g', 11)} % (90 * 86400)) * interval '1 second' AS at) ts`,
    // Messages: a sentence, a product and an order number (order numbers are the rare search terms).
    `INSERT INTO message (workspace_id, conversation_id, channel_id, direction, external_id, author_name, text, created_at, received_at)
     SELECT '${p.workspaceId}', ('00000000-0000-4000-b000-' || lpad(to_hex(c), 12, '0'))::uuid, (${channels})[1 + c % 4],
            CASE WHEN k % 2 = 1 THEN 'inbound' ELSE 'outbound' END, 'm-' || c || '-' || k, 'Client ' || c,
            (${sqlArray(SENTENCES)})[1 + ${h('c * 8 + k', 12)} % ${SENTENCES.length}] || ' — ' || (${sqlArray(PRODUCTS)})[1 + ${h('c * 8 + k', 13)} % ${PRODUCTS.length}]
              || ' #' || (10000 + ${h('c * 8 + k', 14)} % 90000),
            now() - (${h('c', 11)} % (90 * 86400)) * interval '1 second' - (${p.messagesPer} - k) * interval '10 minutes',
            now()
     FROM generate_series(1, ${p.conversations}) c, generate_series(1, ${p.messagesPer}) k`,
  ];
}
