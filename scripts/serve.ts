/**
 * `npm run serve`: Lookout's production server, Next.js behind a plain Node HTTP server. It exists
 * for two reasons:
 * - Next.js does not tell the app which machine it is talking to, and the audit log and the sign-in
 *   throttle need to know (server/request-address.ts). Every request has any client-sent copy of
 *   the peer header removed and the socket's address set in its place.
 * - One Node process renders one page at a time. On PostgreSQL it can run several (node:cluster, all
 *   on one port; LOOKOUT_SERVE_PROCESSES, see server/serve-processes.ts). The first process
 *   starts alone, so it alone applies pending migrations, and it alone runs the background jobs
 *   (audit checkpoints, outbox delivery). A process that dies is replaced, unless it died while
 *   starting (a start-up refusal): then the whole server stops with its exit code.
 *
 * Listens on 127.0.0.1 unless LOOKOUT_LISTEN_HOST says otherwise (put a TLS proxy in front and name
 * it in LOOKOUT_TRUSTED_PROXIES); PORT (default 3000). Serves the build in .next (`next build`).
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:http';
import next from 'next';
import { routeConsoleErrorsThroughLog } from '@/server/log';
import { markPeerHeaderSet, parseTrustedProxies, PEER_HEADER } from '@/server/request-address';
import { BACKGROUND_JOBS_ENV, serveProcessCount, STARTED_MESSAGE } from '@/server/serve-processes';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.LOOKOUT_LISTEN_HOST ?? '127.0.0.1';
const address = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
/** On SIGTERM or SIGINT: how long requests in flight may take before open connections are cut. */
const CLOSE_GRACE_MS = 10_000;
/** How long the supervisor waits for its processes to stop before it kills them. */
const STOP_DEADLINE_MS = 30_000;

function refuse(line: string): never {
  process.stderr.write(`serve: ${line}\n`);
  process.exit(2);
}

let processes = 1;
try {
  parseTrustedProxies(process.env.LOOKOUT_TRUSTED_PROXIES);
  processes = serveProcessCount(process.env);
} catch (error) {
  refuse((error as Error).message);
}

if (processes > 1 && cluster.isPrimary) await superviseProcesses(processes);
else await serveInThisProcess();

async function serveInThisProcess(): Promise<void> {
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
  // Without this a port already in use is an uncaught exception that Next.js logs and survives: a
  // process that never listens, and a supervisor that waits for it for ever.
  server.once('error', (error: NodeJS.ErrnoException) => {
    process.stderr.write(`serve: cannot listen on ${address}: ${error.code ?? error.message}\n`);
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    if (cluster.isPrimary) process.stdout.write(`Lookout listening on ${address}\n`);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      // close() waits for every open connection to end, and a browser may hold one open: requests
      // in flight get a grace period, then the rest are cut so the process does stop.
      setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    });
  }
}

async function superviseProcesses(count: number): Promise<void> {
  let stopping = false;
  const started = new WeakSet<Worker>();

  // A process has started once it listens and has passed its start-up checks (STARTED_MESSAGE).
  const start = (first: boolean) =>
    new Promise<void>((resolve) => {
      const worker = cluster.fork({ [BACKGROUND_JOBS_ENV]: first ? 'on' : 'off' });
      let listening = false;
      let checked = false;
      const settle = () => {
        if (!listening || !checked) return;
        started.add(worker);
        resolve();
      };
      worker.once('listening', () => {
        listening = true;
        settle();
      });
      worker.on('message', (message) => {
        if (message !== STARTED_MESSAGE) return;
        checked = true;
        settle();
      });
      worker.once('exit', (code, signal) => {
        if (stopping) return;
        const how = `exit ${code ?? signal}`;
        if (!started.has(worker)) {
          // A start-up refusal (bad configuration, wrong database rights) is not cured by retrying.
          process.stderr.write(`serve: a server process stopped while starting (${how}); stopping the server\n`);
          stopAll(code || 1);
          return;
        }
        process.stderr.write(`serve: a server process ended (${how}); starting another\n`);
        void start(first);
      });
    });

  const stopAll = (exitCode: number) => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    if (workers.length === 0) process.exit(exitCode);
    let running = workers.length;
    for (const worker of workers) {
      worker.once('exit', () => {
        running -= 1;
        if (running === 0) process.exit(exitCode);
      });
      worker.process.kill('SIGTERM');
    }
    // A process that has not stopped well after its own grace period is stuck: it is killed.
    setTimeout(() => {
      for (const worker of workers) {
        if (worker.isDead()) continue;
        process.stderr.write(`serve: a server process did not stop within ${STOP_DEADLINE_MS / 1000} s; killing it\n`);
        worker.process.kill('SIGKILL');
      }
    }, STOP_DEADLINE_MS);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll(0));

  await start(true);
  await Promise.all(Array.from({ length: count - 1 }, () => start(false)));
  process.stdout.write(`Lookout listening on ${address} (${count} processes)\n`);
}
