/**
 * `npm run receiver`: the chat app's side of the webhook for development — verifies each
 * signature, ignores repeated ids and prints what arrived. Set the same secret in Lookout's
 * LOOKOUT_PLATFORM_WEBHOOK_SECRET and point LOOKOUT_PLATFORM_WEBHOOK_URL at it.
 * RECEIVER_PORT (3900), RECEIVER_LOG (NDJSON of every post, read back on a restart so repeats
 * are still recognised), RECEIVER_DELAY_MS (answer each post later: a slow platform).
 */
import { startReceiver } from '@/lib/outbox/receiver';

const secret = process.env.LOOKOUT_PLATFORM_WEBHOOK_SECRET;
if (!secret?.startsWith('whsec_')) {
  process.stderr.write('receiver: set LOOKOUT_PLATFORM_WEBHOOK_SECRET (whsec_…) to the secret Lookout signs with\n');
  process.exit(2);
}
const port = Number(process.env.RECEIVER_PORT ?? 3900);
const receiver = await startReceiver({ secret, port, logFile: process.env.RECEIVER_LOG, delayMs: Number(process.env.RECEIVER_DELAY_MS ?? 0) });
process.stdout.write(`platform receiver on ${receiver.url} (GET /events lists what arrived)\n`);
// A restarted receiver has read its log back: print only what arrives from now on.
let shown = receiver.events.length;
setInterval(() => {
  for (const event of receiver.events.slice(shown)) {
    process.stdout.write(`${event.receivedAt} ${event.body.type} ${JSON.stringify(event.body.data)}\n`);
  }
  shown = receiver.events.length;
}, 500);
