import { ingestWithinLimit } from '@/server/body-limit';
import { reportIntakeRoute } from '@/server/report-intake';

/** The chat app pushes one report as it is filed (integration token; see server/report-intake.ts; bodies over 256 KB → 413). */
export const POST = ingestWithinLimit((request) => reportIntakeRoute(request, 'single'));
