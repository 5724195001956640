import { downloadPackage, packageRefSchema } from '@/lib/police/package';
import { downloadHeaders } from '@/server/download-headers';
import { guardedRoute, type GuardContext } from '@/server/guard';

/**
 * A released disclosure zip; every download is written to the audit log with the address it came
 * from. A draft answers 403 for everyone (its preparer included), audited as a denial.
 */
async function serveReleasedPackage(_request: Request, { params, ...ctx }: GuardContext & { params: { packageId: string } }) {
  const input = packageRefSchema.parse({ packageId: params.packageId });
  const file = await downloadPackage(ctx, input);
  return new Response(new Uint8Array(file.zip), { headers: downloadHeaders(file.filename, 'application/zip', file.sha256) });
}

export const GET = guardedRoute('police:read', serveReleasedPackage, {
  deniedAs: ({ packageId }) => ({ action: 'disclosure_package.download_denied', targetType: 'disclosure_package', targetId: packageId }),
});
