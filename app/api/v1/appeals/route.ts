import { ingestWithinLimit } from '@/server/body-limit';
import { appealIntakeRoute } from '@/server/appeal-intake';

/** The chat app submits a user's appeal of a decision (integration token; see server/appeal-intake.ts; bodies over 256 KB → 413). */
export const POST = ingestWithinLimit((request) => appealIntakeRoute(request));
