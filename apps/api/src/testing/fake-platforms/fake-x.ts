import { FakeHttpServer, type RecordedRequest, type Reply, type ScriptedResponse } from './fake-http';

interface StoredTweet {
  id: string;
  authorId: string;
  text: string;
  inReplyTo: string | null;
}

interface StoredDm {
  id: string;
  senderId: string;
  participantId: string;
  text: string;
}

let counter = 0;
const snowflake = () => `19${Date.now()}${String(++counter).padStart(5, '0')}`;

/**
 * X API v2 as documented (fixture x-outbound-requests.json): reply tweets and DMs answered 201,
 * rate-limit headers on every answer, 429 and usage-capped bodies, 401 for unknown tokens, and
 * reading our tweets and a DM thread back.
 */
export class FakeXApi extends FakeHttpServer {
  readonly tweets: StoredTweet[] = [];
  readonly dms: StoredDm[] = [];

  constructor(readonly tokens: Map<string, string> = new Map()) {
    super();
  }

  static rateLimited(resetEpochSeconds: number): ScriptedResponse {
    return {
      status: 429,
      headers: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetEpochSeconds) },
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
    };
  }

  static usageCapped(): ScriptedResponse {
    return {
      status: 429,
      body: { title: 'UsageCapExceeded', detail: 'Usage cap exceeded: Monthly product cap', type: 'https://api.x.com/2/problems/usage-capped', period: 'Monthly', scope: 'Product' },
    };
  }

  protected route(req: RecordedRequest): Reply {
    const headers = { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '99', 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900) };
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const userId = this.tokens.get(token);
    if (!userId) return { status: 401, headers, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
    const parts = req.path.split('/').filter(Boolean);
    const text = typeof req.body.text === 'string' ? req.body.text : '';
    if (req.method === 'POST' && req.path === '/2/tweets') {
      if (!text) return { status: 400, headers, body: { title: 'Invalid Request', detail: 'text is required', type: 'https://api.x.com/2/problems/invalid-request', status: 400 } };
      const replyTo = (req.body.reply as { in_reply_to_tweet_id?: string } | undefined)?.in_reply_to_tweet_id ?? null;
      const tweet = { id: snowflake(), authorId: userId, text, inReplyTo: replyTo };
      this.tweets.push(tweet);
      return { status: 201, headers, body: { data: { id: tweet.id, text, edit_history_tweet_ids: [tweet.id] } } };
    }
    if (req.method === 'POST' && parts[1] === 'dm_conversations' && parts[2] === 'with' && parts[4] === 'messages') {
      const dm = { id: snowflake(), senderId: userId, participantId: parts[3], text };
      this.dms.push(dm);
      return { status: 201, headers, body: { data: { dm_conversation_id: `${parts[3]}-${userId}`, dm_event_id: dm.id } } };
    }
    if (req.method === 'GET' && parts[1] === 'users' && parts[3] === 'tweets') {
      const data = this.tweets
        .filter((t) => t.authorId === parts[2])
        .reverse()
        .map((t) => ({ id: t.id, text: t.text, ...(t.inReplyTo ? { referenced_tweets: [{ type: 'replied_to', id: t.inReplyTo }] } : {}) }));
      return { status: 200, headers, body: { data, meta: { result_count: data.length } } };
    }
    if (req.method === 'GET' && parts[1] === 'dm_conversations' && parts[4] === 'dm_events') {
      const data = this.dms
        .filter((d) => d.participantId === parts[3])
        .reverse()
        .map((d) => ({ id: d.id, event_type: 'MessageCreate', text: d.text, sender_id: d.senderId }));
      return { status: 200, headers, body: { data, meta: { result_count: data.length } } };
    }
    return { status: 404, headers, body: { title: 'Not Found Error', type: 'https://api.x.com/2/problems/resource-not-found', status: 404, detail: `no route ${req.method} ${req.path}` } };
  }
}
