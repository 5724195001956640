/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships ~15 MB of WASM; keep it out of the bundle and load it from node_modules.
  serverExternalPackages: ['@electric-sql/pglite', 'pg'],
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with status 403 (server/guard.ts).
  // serverActions.bodySizeLimit: a police request's legal document is uploaded through a server
  // action (lib/police/contract.ts ATTACHMENT_MAX_BYTES, plus room for the form's other fields).
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: '11mb' } },
};
export default nextConfig;
