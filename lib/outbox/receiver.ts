import { appendFileSync, existsSync, readFileSync } from 'node:fs';
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

/** One line of the receiver's log: every post whose signature verified, a repeat marked as such. */
export interface LoggedPost extends ReceivedEvent {
  duplicate: boolean;
}

export interface ReceiverOptions {
  secret: string;
  port?: number;
  host?: string;
  /**
   * NDJSON of every verified post (LoggedPost). Read back at start, so a receiver that restarts
   * still knows which ids it has applied: a repeat after the restart is recognised as one.
   */
  logFile?: string;
  /** Answer each post this much later: a slow platform, for the fault tests. */
  delayMs?: number;
}

export interface Receiver {
  url: string;
  /** Each distinct event once, in arrival order. */
  events: ReceivedEvent[];
  /** Posts of an id already received (at-least-once delivery makes some; the receiver ignores them). */
  duplicates: number;
  /** Posts refused for a bad or missing signature. */
  rejected: number;
  /** Verified posts per webhook-id (2 or more: the id arrived again). */
  posts: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;

/**
 * The chat app's end of the webhook, for the demo and the tests: a real HTTP server that verifies
 * every Standard Webhooks signature, de-duplicates on `webhook-id` and records what arrived
 * (`GET /events` lists it; `logFile` keeps every post). What a platform engineer would write first.
 */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const verifier = new Webhook(options.secret);
  const seen = new Set<string>();
  const posts = new Map<string, number>();
  const state = { events: [] as ReceivedEvent[], duplicates: 0, rejected: 0 };
  for (const post of options.logFile ? readLog(options.logFile) : []) {
    posts.set(post.id, (posts.get(post.id) ?? 0) + 1);
    if (post.duplicate) state.duplicates += 1;
    else if (!seen.has(post.id)) {
      seen.add(post.id);
      state.events.push({ id: post.id, receivedAt: post.receivedAt, body: post.body });
    }
  }

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
    const duplicate = seen.has(id);
    const event = { id, receivedAt: new Date().toISOString(), body: parsed };
    posts.set(id, (posts.get(id) ?? 0) + 1);
    if (duplicate) {
      state.duplicates += 1;
    } else {
      seen.add(id);
      state.events.push(event);
    }
    // Logged before the answer: an id acknowledged is an id remembered across a restart.
    if (options.logFile) appendFileSync(options.logFile, `${JSON.stringify({ ...event, duplicate } satisfies LoggedPost)}\n`);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
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
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The posts a receiver's log holds, in arrival order (a line cut short by a crash is skipped). */
export function readLog(file: string): LoggedPost[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return line ? [JSON.parse(line) as LoggedPost] : [];
      } catch {
        return [];
      }
    });
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
