'use server';

import { getDb } from '@/db';
import { applyBulk, bulkApplyInput, bulkPreviewInput, previewBulk } from '@/lib/triage/bulk';
import { guardedAction } from '@/server/guard';

/** What the bulk action would do, item by item; writes nothing. */
export const previewBulkAction = guardedAction('reports:act', bulkPreviewInput, async (input, { actor }) => previewBulk(await getDb(), actor, input));

/** Applies a confirmed preview as one audited batch. */
export const applyBulkAction = guardedAction('reports:act', bulkApplyInput, async (input, { actor, requestAddress }) =>
  applyBulk(await getDb(), actor, input, { requestAddress }),
);
