import type { Platform } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { inKeyOrder } from '../../database/lock-order';

/** What a platform payload tells about a customer's account. */
export interface IdentityFacts {
  externalId: string;
  name?: string | null;
  handle?: string | null;
  followers?: number | null;
  verified?: boolean | null;
}

export interface UpsertedIdentity {
  identityId: string;
  contactId: string;
  created: boolean;
  /** The contact's VIP flag, when the upsert read it (routing conditions use it). */
  vip?: boolean;
}

export interface PlatformIdentityFacts extends IdentityFacts {
  workspaceId: string;
  platform: Platform;
}

export const identityKey = (workspaceId: string, platform: Platform, externalId: string) => `${workspaceId}|${platform}|${externalId}`;

/** An identity as stored, with its contact's VIP flag: what a caller read beforehand (keyed by identityKey()). */
export interface KnownIdentity {
  identityId: string;
  contactId: string;
  name: string | null;
  handle: string | null;
  followers: number | null;
  verified: boolean;
  vip: boolean;
}

const clampFollowers = (n: number | null | undefined) => (n == null ? null : Math.min(Math.trunc(n), 2_147_483_647));

/** Whether upserting these facts would change nothing: each fact the payload carries is already stored. */
function tellsNothingNew(f: IdentityFacts, known: KnownIdentity): boolean {
  return (
    (f.name == null || f.name === known.name) &&
    (f.handle == null || f.handle === known.handle) &&
    (f.followers == null || clampFollowers(f.followers) === known.followers) &&
    (f.verified == null || f.verified === known.verified)
  );
}

@Injectable()
export class ContactsService {
  /**
   * The batch form of upsertIdentity: one statement for every author of a batch of events. Keyed by
   * identityKey(); the same author twice in the input is merged (later facts win). Authors in `known`
   * whose facts change nothing are taken as they are, unwritten: a batch of regulars costs no statement.
   */
  async upsertIdentities(
    tx: EntityManager,
    facts: PlatformIdentityFacts[],
    known: ReadonlyMap<string, KnownIdentity> = new Map(),
  ): Promise<Map<string, UpsertedIdentity>> {
    const merged = new Map<string, PlatformIdentityFacts>();
    for (const f of facts) {
      const key = identityKey(f.workspaceId, f.platform, f.externalId);
      const prev = merged.get(key);
      merged.set(key, prev ? { ...prev, ...Object.fromEntries(Object.entries(f).filter(([, v]) => v != null)) } : f);
    }
    const out = new Map<string, UpsertedIdentity>();
    for (const [key, f] of merged) {
      const stored = known.get(key);
      if (!stored || !tellsNothingNew(f, stored)) continue;
      out.set(key, { identityId: stored.identityId, contactId: stored.contactId, created: false, vip: stored.vip });
      merged.delete(key);
    }
    if (!merged.size) return out;
    const input = [...merged.entries()].sort(inKeyOrder(([key]) => key)).map(([, f]) => ({
      ws: f.workspaceId,
      platform: f.platform,
      ext: f.externalId,
      name: f.name ?? null,
      handle: f.handle ?? null,
      followers: clampFollowers(f.followers),
      verified: f.verified ?? null,
    }));
    // The new contacts' ids are drawn in a materialised CTE (volatile), so each identity row knows its contact.
    const rows: { id: string; contact_id: string; created: boolean; workspace_id: string; platform: Platform; external_id: string; vip: boolean }[] = await tx.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ws uuid, platform text, ext text, name text, handle text, followers int, verified boolean)
       ), existing AS (
         SELECT ci.workspace_id, ci.platform, ci.external_id, ci.contact_id FROM contact_identity ci
         JOIN input i ON ci.workspace_id = i.ws AND ci.platform = i.platform AND ci.external_id = i.ext
       ), missing AS (
         SELECT i.ws, i.platform, i.ext, COALESCE(i.name, i.handle) AS name, gen_random_uuid() AS contact_id FROM input i
         WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.workspace_id = i.ws AND e.platform = i.platform AND e.external_id = i.ext)
       ), new_contact AS (
         INSERT INTO contact (id, workspace_id, name) SELECT contact_id, ws, name FROM missing RETURNING id
       ), upserted AS (
       INSERT INTO contact_identity AS ci (workspace_id, contact_id, platform, external_id, display_name, handle, followers_count, verified)
       SELECT i.ws, COALESCE(e.contact_id, m.contact_id), i.platform, i.ext, i.name, i.handle, i.followers, COALESCE(i.verified, false)
       FROM input i
       LEFT JOIN existing e ON e.workspace_id = i.ws AND e.platform = i.platform AND e.external_id = i.ext
       LEFT JOIN missing m ON m.ws = i.ws AND m.platform = i.platform AND m.ext = i.ext
       ON CONFLICT (workspace_id, platform, external_id) DO UPDATE SET
         display_name = COALESCE(EXCLUDED.display_name, ci.display_name),
         handle = COALESCE(EXCLUDED.handle, ci.handle),
         followers_count = COALESCE(EXCLUDED.followers_count, ci.followers_count),
         verified = COALESCE((SELECT x.verified FROM input x WHERE x.ws = ci.workspace_id AND x.platform = ci.platform AND x.ext = ci.external_id), ci.verified),
         updated_at = now()
       RETURNING ci.id, ci.contact_id, (xmax = 0) AS created, ci.workspace_id, ci.platform, ci.external_id
       )
       -- A contact created by this statement is not visible to the join yet: it is new, hence not a VIP.
       SELECT u.*, COALESCE(c.vip, false) AS vip FROM upserted u LEFT JOIN contact c ON c.id = u.contact_id`,
      [JSON.stringify(input)],
    );
    for (const r of rows) out.set(identityKey(r.workspace_id, r.platform, r.external_id), { identityId: r.id, contactId: r.contact_id, created: r.created, vip: r.vip });
    return out;
  }

  /**
   * Creates the identity (and its contact) the first time a platform account is seen, else refreshes
   * what the payload carries. The unique (workspace, platform, external id) index makes concurrent
   * first sightings converge on one identity; facts the payload lacks never erase known ones.
   */
  async upsertIdentity(tx: EntityManager, workspaceId: string, platform: Platform, facts: IdentityFacts): Promise<UpsertedIdentity> {
    const rows: { id: string; contact_id: string; created: boolean }[] = await tx.query(
      `WITH existing AS (
         SELECT id, contact_id FROM contact_identity WHERE workspace_id = $1 AND platform = $2 AND external_id = $3
       ), new_contact AS (
         INSERT INTO contact (workspace_id, name)
         SELECT $1, COALESCE($4, $5) WHERE NOT EXISTS (SELECT 1 FROM existing)
         RETURNING id
       )
       INSERT INTO contact_identity AS ci (workspace_id, contact_id, platform, external_id, display_name, handle, followers_count, verified)
       VALUES ($1, COALESCE((SELECT contact_id FROM existing), (SELECT id FROM new_contact)), $2, $3, $4, $5, $6, COALESCE($7, false))
       ON CONFLICT (workspace_id, platform, external_id) DO UPDATE SET
         display_name = COALESCE(EXCLUDED.display_name, ci.display_name),
         handle = COALESCE(EXCLUDED.handle, ci.handle),
         followers_count = COALESCE($6, ci.followers_count),
         verified = COALESCE($7, ci.verified),
         updated_at = CASE
           WHEN (EXCLUDED.display_name, EXCLUDED.handle, $6::int, $7::boolean) IS DISTINCT FROM (ci.display_name, ci.handle, ci.followers_count, ci.verified)
           THEN now() ELSE ci.updated_at END
       RETURNING ci.id, ci.contact_id, (xmax = 0) AS created`,
      [
        workspaceId,
        platform,
        facts.externalId,
        facts.name ?? null,
        facts.handle ?? null,
        clampFollowers(facts.followers),
        facts.verified ?? null,
      ],
    );
    const row = rows[0];
    return { identityId: row.id, contactId: row.contact_id, created: row.created };
  }
}
