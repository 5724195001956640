import { loadTeamFigures, teamFiguresCsv, teamFiguresSchema } from '@/lib/staff/figures';
import { downloadHeaders } from '@/server/download-headers';
import { guardedRoute } from '@/server/guard';

/** Team figures as CSV, for the same range and period as the page (a moderator gets their own). */
export const GET = guardedRoute('team:read', async (request, ctx) => {
  const input = teamFiguresSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const figures = await loadTeamFigures(ctx, input);
  return new Response(teamFiguresCsv(figures), {
    headers: downloadHeaders(`team-figures-${figures.from}-${figures.to}-${figures.period}.csv`, 'text/csv; charset=utf-8'),
  });
});
