import { getDb } from '@/db';
import { downloadPackage, packageRefSchema } from '@/lib/police/package';
import { downloadHeaders } from '@/server/download-headers';
import { guardedRoute } from '@/server/guard';

/** The disclosure zip; every download is written to the audit log with the address it came from. */
export const GET = guardedRoute<{ packageId: string }>('police:read', async (_request, { actor, requestAddress, params }) => {
  const input = packageRefSchema.parse({ packageId: params.packageId });
  const file = await downloadPackage(await getDb(), actor, input, requestAddress);
  return new Response(new Uint8Array(file.zip), { headers: downloadHeaders(file.filename, 'application/zip', file.sha256) });
});
