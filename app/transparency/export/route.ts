import { getDb } from '@/db';
import { transparencyCsv, transparencyReport, transparencySchema } from '@/lib/police/transparency';
import { guardedRoute } from '@/server/guard';

/** The transparency report as CSV, for the same period and range as the page. */
export const GET = guardedRoute('police:read', async (request, { actor }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const input = transparencySchema.parse(params);
  const rows = await transparencyReport(await getDb(), actor, input);
  return new Response(transparencyCsv(rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="transparency-${input.from}-${input.to}-${input.period}.csv"`,
    },
  });
});
