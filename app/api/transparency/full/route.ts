import { transparencyFigures, transparencyReportCsv, transparencyReportSchema } from '@/lib/transparency/report';
import { downloadHeaders } from '@/server/download-headers';
import { guardedRoute } from '@/server/guard';

/** The full transparency report as CSV (one row per period, section and measure), for the same range as the page. */
export const GET = guardedRoute('transparency:read', async (request, ctx) => {
  const input = transparencyReportSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const report = await transparencyFigures(ctx, input);
  return new Response(transparencyReportCsv(report), {
    headers: downloadHeaders(`transparency-report-${report.from}-${report.to}-${report.period}.csv`, 'text/csv; charset=utf-8'),
  });
});
