import { getDb } from '@/db';
import { handleReportIntake } from '@/lib/triage/api';
import { ingestWithinLimit } from '@/server/body-limit';
import { requestAddressFrom } from '@/server/request-address';

/** The chat app pushes one report as it is filed (integration token; see lib/triage/api.ts). */
export const POST = ingestWithinLimit(async (request) => handleReportIntake(await getDb(), request, 'single', requestAddressFrom(request.headers)));
