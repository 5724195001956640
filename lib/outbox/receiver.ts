import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { WebhookBody } from './events';

/** An event as the chat app's side received it. */
export interface ReceivedEvent {
  id: string;
  receivedAt: string;
  body: WebhookBody;
}

export interface Receiver {
  url: string;
  /** Each distinct event once, in arrival order. */
  events: ReceivedEvent[];
  /** Posts of an id already received (at-least-once delivery makes some; the receiver ignores them). */
  duplicates: number;
  /** Posts refused for a bad or missing signature. */
  rejected: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;

/**
 * The chat app's end of the webhook, for the demo and the tests: a real HTTP server that verifies
 * every Standard Webhooks signature, de-duplicates on `webhook-id` and records what arrived
 * (`GET /events` lists it; `logFile` appends NDJSON). What a platform engineer would write first.
 */
export async function startReceiver(options: { secret: string; port?: number; host?: string; logFile?: string }): Promise<Receiver> {
  const verifier = new Webhook(options.secret);
  const seen = new Set<string>();
  const state = { events: [] as ReceivedEvent[], duplicates: 0, rejected: 0 };

  const server = createServer(async (request, response) => {
    if (request.method === 'GET' && request.url === '/events') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state.events));
      return;
    }
    if (request.method !== 'POST') {
      response.writeHead(405).end();
      return;
    }
    const body = await readBody(request);
    if (body === null) {
      response.writeHead(413).end();
      return;
    }
    let parsed: WebhookBody;
    try {
      parsed = verifier.verify(body, headersOf(request)) as WebhookBody;
    } catch {
      state.rejected += 1;
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
      return;
    }
    const id = String(request.headers['webhook-id']);
    if (seen.has(id)) {
      state.duplicates += 1;
    } else {
      seen.add(id);
      const event = { id, receivedAt: new Date().toISOString(), body: parsed };
      state.events.push(event);
      if (options.logFile) appendFileSync(options.logFile, `${JSON.stringify(event)}\n`);
    }
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    get events() {
      return state.events;
    },
    get duplicates() {
      return state.duplicates;
    },
    get rejected() {
      return state.rejected;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const pick = (name: string) => String(request.headers[name] ?? '');
  return { 'webhook-id': pick('webhook-id'), 'webhook-timestamp': pick('webhook-timestamp'), 'webhook-signature': pick('webhook-signature') };
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
