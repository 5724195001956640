import { reportIntakeRoute } from '@/server/report-intake';

/** The chat app pushes one report as it is filed (integration token; see server/report-intake.ts). */
export async function POST(request: Request): Promise<Response> {
  return reportIntakeRoute(request, 'single');
}
