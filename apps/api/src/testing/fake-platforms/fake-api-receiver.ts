import { createHmac, timingSafeEqual } from 'node:crypto';
import { FakeHttpServer, type RecordedRequest, type Reply } from './fake-http';

/** A generic channel's receiver: checks X-Babillard-Signature and deduplicates on Idempotency-Key. */
export class FakeApiReceiver extends FakeHttpServer {
  readonly accepted = new Map<string, string>();

  constructor(private readonly secret: string) {
    super();
  }

  get outboundUrl(): string {
    return `${this.url}/babillard/replies`;
  }

  protected route(req: RecordedRequest): Reply {
    const expected = Buffer.from(`sha256=${createHmac('sha256', this.secret).update(req.rawBody).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-babillard-signature'] ?? ''));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { status: 401, body: { error: 'bad signature' } };
    const key = String(req.headers['idempotency-key'] ?? '');
    const id = this.accepted.get(key) ?? `ext-${this.accepted.size + 1}`;
    this.accepted.set(key, id);
    return { status: 200, body: { id } };
  }
}
