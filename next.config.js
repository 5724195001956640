/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships ~15 MB of WASM; keep it out of the bundle and load it from node_modules.
  serverExternalPackages: ['@electric-sql/pglite', 'pg'],
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with status 403 (server/guard.ts).
  experimental: { authInterrupts: true },
};
export default nextConfig;
