import { z } from 'zod';
import { exportAuditCsv, exportAuditSelection } from '@/lib/audit/export-view';
import { auditQuerySchema, filterOf, withCurrentFilterNames } from '@/lib/audit/query';
import { downloadHeaders } from '@/server/download-headers';
import { guardedRoute } from '@/server/guard';
import { appAuditAnchor } from '@/server/startup';

const formatSchema = z.enum(['csv', 'ndjson'], 'format: csv or ndjson').default('csv');

/**
 * A filtered view of the audit log, exactly as the explorer's filters select it: as CSV, or as
 * NDJSON signed with the audit key (checked offline by `lookout audit verify --file`). Each export
 * is itself recorded in the audit log, in the transaction that reads the entries.
 */
export const GET = guardedRoute('audit:read', async (request, ctx) => {
  const { format: rawFormat, ...params } = Object.fromEntries(new URL(request.url).searchParams);
  const format = formatSchema.parse(rawFormat || undefined);
  const filter = filterOf(auditQuerySchema.parse(withCurrentFilterNames(params)));
  const stamp = ctx.now.toISOString().slice(0, 19).replaceAll(':', '');
  if (format === 'csv') {
    const { csv } = await exportAuditCsv(ctx, { filter });
    return new Response(csv, { headers: downloadHeaders(`audit-${stamp}.csv`, 'text/csv; charset=utf-8') });
  }
  const { ndjson } = await exportAuditSelection(ctx, { filter, anchor: await appAuditAnchor() });
  return new Response(ndjson, { headers: downloadHeaders(`audit-${stamp}.ndjson`, 'application/x-ndjson; charset=utf-8') });
});
