import { reportIntakeRoute } from '@/server/report-intake';

/** The chat app pushes up to 500 reports at once (integration token; see server/report-intake.ts). */
export async function POST(request: Request): Promise<Response> {
  return reportIntakeRoute(request, 'batch');
}
