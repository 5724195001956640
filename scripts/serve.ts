/**
 * `npm run serve`: Lookout's production server, Next.js behind a plain Node HTTP server. It exists
 * for one reason: Next.js does not tell the app which machine it is talking to, and the audit log
 * and the sign-in throttle need to know (server/request-address.ts). Every request has any
 * client-sent copy of the peer header removed and the socket's address set in its place.
 *
 * Listens on 127.0.0.1 unless LOOKOUT_LISTEN_HOST says otherwise (put a TLS proxy in front and name
 * it in LOOKOUT_TRUSTED_PROXIES); PORT (default 3000). Serves the build in .next (`next build`).
 */
import { createServer } from 'node:http';
import next from 'next';
import { routeConsoleErrorsThroughLog } from '@/server/log';
import { markPeerHeaderSet, parseTrustedProxies, PEER_HEADER } from '@/server/request-address';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.LOOKOUT_LISTEN_HOST ?? '127.0.0.1';

try {
  parseTrustedProxies(process.env.LOOKOUT_TRUSTED_PROXIES);
} catch (error) {
  process.stderr.write(`serve: ${(error as Error).message}\n`);
  process.exit(2);
}

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
markPeerHeaderSet();
routeConsoleErrorsThroughLog();

const server = createServer((request, response) => {
  delete request.headers[PEER_HEADER];
  const peer = request.socket.remoteAddress;
  if (peer) request.headers[PEER_HEADER] = peer;
  void handle(request, response);
});
server.listen(port, hostname, () => {
  process.stdout.write(`Lookout listening on http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
