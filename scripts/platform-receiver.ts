/**
 * `npm run receiver`: the chat app's side of the webhook for development — verifies each
 * signature, ignores repeated ids and prints what arrived. Set the same secret in Lookout's
 * LOOKOUT_PLATFORM_WEBHOOK_SECRET and point LOOKOUT_PLATFORM_WEBHOOK_URL at it.
 */
import { startReceiver } from '@/lib/outbox/receiver';

const secret = process.env.LOOKOUT_PLATFORM_WEBHOOK_SECRET;
if (!secret?.startsWith('whsec_')) {
  process.stderr.write('receiver: set LOOKOUT_PLATFORM_WEBHOOK_SECRET (whsec_…) to the secret Lookout signs with\n');
  process.exit(2);
}
const port = Number(process.env.RECEIVER_PORT ?? 3900);
const receiver = await startReceiver({ secret, port, logFile: process.env.RECEIVER_LOG });
process.stdout.write(`platform receiver on ${receiver.url} (GET /events lists what arrived)\n`);
let shown = 0;
setInterval(() => {
  for (const event of receiver.events.slice(shown)) {
    process.stdout.write(`${event.receivedAt} ${event.body.type} ${JSON.stringify(event.body.data)}\n`);
  }
  shown = receiver.events.length;
}, 500);
