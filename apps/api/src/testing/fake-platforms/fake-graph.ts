import { FakeHttpServer, type RecordedRequest, type Reply, type ScriptedResponse } from './fake-http';

interface StoredReply {
  id: string;
  parentId: string;
  fromId: string;
  message: string;
}

let counter = 0;
const nextId = () => `${Date.now()}${String(++counter).padStart(6, '0')}`;

/**
 * Graph API as documented (fixtures meta-graph-errors.json, *-request*.json, whatsapp-send-text.json):
 * comment replies, Instagram replies and mentions, the Send API, WhatsApp messages, reading replies
 * back, and Graph error bodies. `tokens` maps each valid access token to the page/account it speaks
 * for; any other token gets error 190.
 */
export class FakeGraphApi extends FakeHttpServer {
  readonly stored: StoredReply[] = [];

  constructor(readonly tokens: Map<string, string> = new Map()) {
    super();
  }

  /** Base URL with a version segment, as META_GRAPH_URL carries it. */
  get graphUrl(): string {
    return `${this.url}/v21.0`;
  }

  static error(code: number, message: string, extra: Record<string, unknown> = {}, status = 400, headers?: Record<string, string>): ScriptedResponse {
    return { status, headers, body: { error: { message, type: 'OAuthException', code, fbtrace_id: 'AfakeTrace', ...extra } } };
  }

  static rateLimited(code = 32, regainMinutes = 0): ScriptedResponse {
    return FakeGraphApi.error(code, `(#${code}) Page request limit reached`, {}, 400, {
      'x-business-use-case-usage': JSON.stringify({ '137542570280222': [{ type: 'pages', call_count: 100, total_cputime: 20, total_time: 20, estimated_time_to_regain_access: regainMinutes }] }),
    });
  }

  protected route(req: RecordedRequest): Reply {
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const account = this.tokens.get(token);
    if (!account) {
      return FakeGraphApi.error(190, 'Error validating access token: The session has been invalidated because the user changed their password.', { error_subcode: 460 }, 401);
    }
    const parts = req.path.split('/').filter(Boolean);
    if (/^v\d+(\.\d+)?$/.test(parts[0] ?? '')) parts.shift();
    const [node, edge] = parts;
    if (req.method === 'GET' && (edge === 'comments' || edge === 'replies')) {
      const data = this.stored
        .filter((s) => s.parentId === node)
        .map((s) => ({ id: s.id, [edge === 'replies' ? 'text' : 'message']: s.message, from: { id: s.fromId } }));
      return { status: 200, body: { data } };
    }
    if (req.method !== 'POST') return FakeGraphApi.error(100, 'Unsupported get request.');
    const body = req.body;
    if (edge === 'comments' || edge === 'replies') {
      if (typeof body.message !== 'string' || !body.message) return FakeGraphApi.error(100, '(#100) The parameter message is required');
      const id = edge === 'comments' ? `${node.split('_')[0]}_${nextId()}` : nextId();
      this.stored.push({ id, parentId: node, fromId: account, message: body.message });
      return { status: 200, body: { id } };
    }
    if (edge === 'mentions') {
      if (!body.media_id || !body.comment_id) return FakeGraphApi.error(100, '(#100) media_id and comment_id are required');
      const id = nextId();
      this.stored.push({ id, parentId: String(body.comment_id), fromId: account, message: String(body.message) });
      return { status: 200, body: { id } };
    }
    if (node === 'me' && edge === 'messages') {
      const recipient = (body.recipient ?? {}) as { id?: string };
      if (!recipient.id) return FakeGraphApi.error(100, '(#100) The parameter recipient is required');
      if (body.messaging_type !== 'RESPONSE' && !(body.messaging_type === 'MESSAGE_TAG' && body.tag === 'HUMAN_AGENT')) {
        return FakeGraphApi.error(100, '(#100) Invalid messaging_type');
      }
      return { status: 200, body: { recipient_id: recipient.id, message_id: `m_${nextId()}` } };
    }
    if (edge === 'messages' && body.messaging_product === 'whatsapp') {
      const to = String(body.to ?? '');
      const text = (body.text ?? {}) as { body?: string };
      if (!to || !text.body) return FakeGraphApi.error(100, '(#100) Invalid parameter');
      return {
        status: 200,
        body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }], messages: [{ id: `wamid.${Buffer.from(nextId()).toString('base64')}` }] },
      };
    }
    return FakeGraphApi.error(100, `(#100) Unknown path components: /${parts.join('/')}`);
  }
}
