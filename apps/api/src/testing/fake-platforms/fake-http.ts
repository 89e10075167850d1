import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  body: Record<string, unknown>;
  at: number;
}

export interface ScriptedResponse {
  /** 0: drop the connection without answering (a network error). */
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A small loopback HTTP server that records every request and answers through `route`. Tests
 * script failures (`failNext`) and slowness (`delayMs`) for the writes (POST) it receives.
 */
export abstract class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  /** Milliseconds every POST waits before its answer (after the effect is recorded). */
  delayMs = 0;
  private readonly script: { response: ScriptedResponse; path?: RegExp }[] = [];
  private server: Server | null = null;
  url = '';

  protected abstract route(req: RecordedRequest): Reply;

  /** The next `times` POSTs (to `path` when given) get `response` instead of their normal answer, without any effect. */
  failNext(response: ScriptedResponse, times = 1, path?: RegExp): this {
    for (let i = 0; i < times; i++) this.script.push({ response, path });
    return this;
  }

  posts(pathPattern?: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && (!pathPattern || pathPattern.test(r.path)));
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = rawBody ? (JSON.parse(rawBody) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body,
      at: Date.now(),
    };
    this.requests.push(recorded);
    const index = recorded.method === 'POST' ? this.script.findIndex((s) => !s.path || s.path.test(recorded.path)) : -1;
    const scripted = index >= 0 ? this.script.splice(index, 1)[0].response : undefined;
    const reply = scripted ?? this.route(recorded);
    if (recorded.method === 'POST' && this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (res.destroyed) return;
    // Status 0 scripts a network failure: the connection drops without an answer.
    if (reply.status === 0) return void req.socket.destroy();
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }
}
