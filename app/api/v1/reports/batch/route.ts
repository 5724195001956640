import { handleReportIntake } from '@/lib/triage/api';
import { withDatabase } from '@/server/database';
import { requestAddressFrom } from '@/server/request-address';

/** The chat app pushes up to 500 reports at once (integration token; see lib/triage/api.ts). */
export async function POST(request: Request): Promise<Response> {
  return withDatabase((db) => handleReportIntake(db, request, 'batch', requestAddressFrom(request.headers)));
}
