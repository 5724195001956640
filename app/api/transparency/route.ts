import { transparencyCsv, transparencyReport, transparencySchema } from '@/lib/police/transparency';
import { downloadHeaders } from '@/server/download-headers';
import { guardedRoute } from '@/server/guard';

/** The transparency report as CSV, for the same period and range as the page. */
export const GET = guardedRoute('police:read', async (request, ctx) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const input = transparencySchema.parse(params);
  const rows = await transparencyReport(ctx, input);
  return new Response(transparencyCsv(rows), {
    headers: downloadHeaders(`transparency-${input.from}-${input.to}-${input.period}.csv`, 'text/csv; charset=utf-8'),
  });
});
