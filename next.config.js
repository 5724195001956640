/**
 * Headers on every response (pages, server actions, API routes, downloads, static assets). The
 * pages' Content-Security-Policy carries a per-request nonce and is set in proxy.ts; API routes
 * and downloads never render HTML, so theirs allows nothing at all.
 */
const everywhere = [
  // Two years, the value browsers' preload lists ask for; browsers ignore it over plain HTTP.
  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  // The console needs none of these device features; an injected script gets none either.
  {
    key: 'Permissions-Policy',
    value: 'accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  },
  // For browsers that predate CSP frame-ancestors.
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
];

const apiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships ~15 MB of WASM; keep it out of the bundle and load it from node_modules.
  // pino loads its worker threads by file path, which a bundle would break.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino'],
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with status 403 (server/guard.ts).
  // Server actions keep Next's 1 MB body limit: the one large upload, a police request's legal
  // document, goes to its own route handler with its own limit (app/api/police/requests/…).
  // A proxy in front of a request copies its body in memory first; no page request needs more than 1 MB.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: '1mb' }, proxyClientMaxBodySize: '1mb' },
  async headers() {
    return [
      { source: '/:path*', headers: everywhere },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: apiPolicy }] },
    ];
  },
};
export default nextConfig;
