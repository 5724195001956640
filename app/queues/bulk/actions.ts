'use server';

import { applyBulk, bulkApplyInput, bulkPreviewInput, previewBulk } from '@/lib/triage/bulk';
import { guardedAction } from '@/server/guard';

/** What the bulk action would do, item by item; writes nothing. */
export const previewBulkAction = guardedAction('reports:act', bulkPreviewInput, async (input, ctx) => previewBulk(ctx, input));

/** Applies a confirmed preview as one audited batch. */
export const applyBulkAction = guardedAction('reports:act', bulkApplyInput, async (input, ctx) => applyBulk(ctx, input));
