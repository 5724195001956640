'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { closeReferral, closeReferralSchema, createReferral, createReferralSchema, proactiveReportSchema, recordProactiveReport } from '@/lib/police/referrals';
import { guardedAction } from '@/server/guard';

export const createReferralAction = guardedAction('referrals:create', createReferralSchema, async (input, ctx) => {
  await createReferral(ctx, input);
  revalidatePath('/referrals', 'layout');
  redirect(`/accounts/${encodeURIComponent(input.accountId)}?referred=1`);
});

export const proactiveReportAction = guardedAction('referrals:handle', proactiveReportSchema, async (input, ctx) => {
  await recordProactiveReport(ctx, input);
  revalidatePath('/referrals', 'layout');
});

export const closeReferralAction = guardedAction('referrals:handle', closeReferralSchema, async (input, ctx) => {
  await closeReferral(ctx, input);
  revalidatePath('/referrals', 'layout');
});
