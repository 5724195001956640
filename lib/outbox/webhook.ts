import { Webhook } from 'standardwebhooks';
import type { PostEvent } from './deliver';

export interface WebhookTarget {
  url: string;
  /** The shared secret in Standard Webhooks' `whsec_<base64>` form. */
  secret: string;
  timeoutMs?: number;
}

/**
 * Posts events signed per the Standard Webhooks specification: `webhook-id` is the event's stable
 * id (the receiver de-duplicates on it), `webhook-timestamp` the send time, `webhook-signature`
 * an HMAC-SHA256 over `id.timestamp.body`. Anything but a 2xx answer is a failure to retry.
 */
export function webhookPoster(target: WebhookTarget): PostEvent {
  const signer = new Webhook(target.secret);
  return async (event) => {
    const body = JSON.stringify(event.payload);
    const sentAt = new Date();
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': event.id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signer.sign(event.id, sentAt, body),
      },
      body,
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`the platform answered HTTP ${response.status}`);
  };
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
