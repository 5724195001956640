import { getDb } from '@/db';
import { handleReportIntake } from '@/lib/triage/api';
import { requestAddressFrom } from '@/server/request-address';

/** The chat app pushes one report as it is filed (integration token; see lib/triage/api.ts). */
export async function POST(request: Request): Promise<Response> {
  return handleReportIntake(await getDb(), request, 'single', requestAddressFrom(request.headers));
}
