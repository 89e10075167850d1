import { signApiChannelBody } from '@babillard/connectors';
import request from 'supertest';
import type { TestApp } from './test-app';

/** Posts events to a generic `api` channel's webhook, signed as its outside system would, and expects the 200. */
export async function postApiWebhook(http: TestApp['http'], channelId: string, secret: string, events: Record<string, unknown>[]): Promise<void> {
  const body = JSON.stringify({ events });
  await request(http)
    .post(`/webhooks/api/${channelId}`)
    .set('Content-Type', 'application/json')
    .set('X-Babillard-Signature', signApiChannelBody(secret, body))
    .send(body)
    .expect(200);
}
