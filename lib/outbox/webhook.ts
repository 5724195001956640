import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { PostEvent } from './deliver';

export interface WebhookTarget {
  url: string;
  /** The shared secret in Standard Webhooks' `whsec_<base64>` form. */
  secret: string;
  timeoutMs?: number;
  /** Connections kept open to the endpoint (at least the worker's concurrency; 32 by default). */
  maxSockets?: number;
}

/** A poster that can also let go of its kept-alive connections. */
export type WebhookPoster = PostEvent & { close(): void };

/**
 * Posts events signed per the Standard Webhooks specification: `webhook-id` is the event's stable
 * id (the receiver de-duplicates on it), `webhook-timestamp` the send time, `webhook-signature`
 * an HMAC-SHA256 over `id.timestamp.body`. Anything but a 2xx answer (or none within `timeoutMs`)
 * is a failure to retry.
 *
 * Connections to the endpoint are kept alive and reused (node:http's Agent, at most `maxSockets`):
 * a new TCP (and TLS) connection per event would cap delivery at a few hundred events a second.
 */
export function webhookPoster(target: WebhookTarget): WebhookPoster {
  const signer = new Webhook(target.secret);
  const url = new URL(target.url);
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') throw new Error(`the webhook URL must be http or https, not ${url.protocol}`);
  const agentOptions = { keepAlive: true, maxSockets: target.maxSockets ?? 32, scheduling: 'lifo' as const };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const request = secure ? https.request : http.request;
  const timeoutMs = target.timeoutMs ?? 10_000;

  const post = (event: Parameters<PostEvent>[0]) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify(event.payload);
      const sentAt = new Date();
      const outgoing = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'webhook-id': event.id,
            'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
            'webhook-signature': signer.sign(event.id, sentAt, body),
          },
        },
        (response) => {
          // Read (and drop) the answer, so the connection goes back to the pool.
          response.resume();
          response.once('end', () => {
            clearTimeout(timer);
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`the platform answered HTTP ${status}`));
          });
          response.once('error', (error) => {
            clearTimeout(timer);
            reject(error);
          });
          // Settled already unless the connection broke mid-answer.
          response.once('close', () => reject(new Error('the connection closed before the answer was read')));
        },
      );
      const timer = setTimeout(() => outgoing.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      outgoing.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error('could not reach the platform', { cause: error }));
      });
      outgoing.end(body);
    });
  return Object.assign(post, { close: () => agent.destroy() });
}

/** The configured platform endpoint, or null when none is set (events then wait in the outbox). */
export function webhookTargetFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookTarget | null {
  const url = env.LOOKOUT_PLATFORM_WEBHOOK_URL;
  const secret = env.LOOKOUT_PLATFORM_WEBHOOK_SECRET;
  if (!url) return null;
  if (!secret?.startsWith('whsec_')) {
    throw new Error('LOOKOUT_PLATFORM_WEBHOOK_SECRET must be set, in its whsec_… form, when LOOKOUT_PLATFORM_WEBHOOK_URL is');
  }
  return { url, secret };
}
