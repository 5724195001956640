import { getDb } from '@/db';
import { downloadPackage, packageRefSchema } from '@/lib/police/package';
import { guardedRoute } from '@/server/guard';

/** The disclosure zip; every download is written to the audit log with the address it came from. */
export const GET = guardedRoute<{ packageId: string }>('police:read', async (_request, { actor, requestAddress, params }) => {
  const input = packageRefSchema.parse({ packageId: params.packageId });
  const file = await downloadPackage(await getDb(), actor, input, requestAddress);
  return new Response(new Uint8Array(file.zip), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'X-Content-SHA256': file.sha256,
      'Cache-Control': 'no-store',
    },
  });
});
