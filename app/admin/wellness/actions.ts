'use server';

import { revalidatePath } from 'next/cache';
import { breakThresholdSchema, setBreakThreshold } from '@/lib/wellness/wellness';
import { guardedAction } from '@/server/guard';

/** Sets after how many child-safety items a day moderators are offered a break (audited). */
export const setBreakThresholdAction = guardedAction('wellness:manage', breakThresholdSchema, async (input, ctx) => {
  const done = await setBreakThreshold(ctx, input);
  revalidatePath('/admin/wellness');
  return done;
});
