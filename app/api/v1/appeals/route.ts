import { getDb } from '@/db';
import { handleAppealIntake } from '@/server/appeal-intake';
import { requestAddressFrom } from '@/server/request-address';

/** The chat app submits a user's appeal of a decision (integration token; see server/appeal-intake.ts). */
export async function POST(request: Request): Promise<Response> {
  return handleAppealIntake(await getDb(), request, requestAddressFrom(request.headers));
}
