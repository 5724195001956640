'use server';

import { revealReportSchema, revealReportText } from '@/lib/wellness/wellness';
import { guardedAction } from '@/server/guard';

/** Reads a folded report's text on purpose: the reveal is audited (lib/wellness/wellness.ts). */
export const revealReportTextAction = guardedAction('reports:read', revealReportSchema, (input, ctx) => revealReportText(ctx, input));
