import { handleReportIntake } from '@/lib/triage/api';
import { withDatabase } from '@/server/database';
import { requestAddressFrom } from '@/server/request-address';

/** The chat app pushes one report as it is filed (integration token; see lib/triage/api.ts). */
export async function POST(request: Request): Promise<Response> {
  return withDatabase((db) => handleReportIntake(db, request, 'single', requestAddressFrom(request.headers)));
}
