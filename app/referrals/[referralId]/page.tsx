import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { StatusPill } from '@/components/ui/pill';
import { formatDateTime } from '@/components/format';
import { can } from '@/lib/auth/permissions';
import { REFERRAL_GROUND_LABELS } from '@/lib/police/contract';
import { holdState, listHolds } from '@/lib/police/holds';
import { getReferral } from '@/lib/police/referrals';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';
import { z } from 'zod';
import { HoldActions } from '../../police/_components/hold-actions';
import { createHoldAction } from '../../police/actions';
import { closeReferralAction, proactiveReportAction } from '../actions';

export const metadata = { title: 'Referral · Lookout' };
export const dynamic = 'force-dynamic';

export default async function ReferralPage({ params }: { params: Promise<{ referralId: string }> }) {
  const ctx = await requirePageContext('referrals:handle');
  const { actor } = ctx;
  const referralId = routeSegment((await params).referralId, z.uuid());
  const referral = await loadOrNotFound(getReferral(ctx, referralId));
  const holds = (await listHolds(ctx, { referralId })).map((hold) => ({ ...hold, state: holdState(hold, ctx.now) }));
  const canHold = can(actor.role, 'holds:manage') && referral.status !== 'closed' && !holds.some((hold) => hold.state === 'active');

  return (
    <>
      <PageHeader
        title={`Referral: ${referral.username ?? referral.accountId}`}
        description={
          <>
            {REFERRAL_GROUND_LABELS[referral.ground]} · <StatusPill status={referral.status} /> · referred by {referral.referredByEmail},{' '}
            {formatDateTime(referral.createdAt)}
          </>
        }
        actions={
          <Link href={`/accounts/${encodeURIComponent(referral.accountId)}`} className={buttonClass('secondary')}>
            Open account
          </Link>
        }
      />
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="What the moderator found">
          <p className="whitespace-pre-wrap text-sm">{referral.summary}</p>
          {referral.outcome ? <p className="mt-3 text-sm"><strong>Closed:</strong> {referral.outcome}</p> : null}
        </Card>
        <Card title="Proactive report to the authorities">
          {referral.reportedAt ? (
            <div className="space-y-2 text-sm">
              <p>
                Reported to <strong>{referral.reportedTo}</strong>
                {referral.reportReference ? ` (reference ${referral.reportReference})` : ''} on {formatDateTime(referral.reportedAt)}.
              </p>
              <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(referral.evidenceSummary, null, 2)}</pre>
            </div>
          ) : referral.status === 'open' ? (
            <ActionForm action={proactiveReportAction} className="space-y-2" labels={{ reportedTo: 'Authority' }}>
              <input type="hidden" name="referralId" value={referral.id} />
              <Field label="Authority reported to" hint="e.g. NCA CEOP, NCMEC CyberTipline, local police">
                <input name="reportedTo" className={inputClass} />
              </Field>
              <Field label="Their reference">
                <input name="reportReference" className={inputClass} />
              </Field>
              <p className="text-xs text-slate-600">The evidence summary (reports and blocks about the account) is stored with the report.</p>
              <button type="submit" className={buttonClass()}>
                Record report
              </button>
            </ActionForm>
          ) : (
            <EmptyState>No report was made.</EmptyState>
          )}
        </Card>
        <Card title="Preservation hold">
          {holds.length === 0 ? <EmptyState>No hold from this referral.</EmptyState> : null}
          <ul className="space-y-2 text-sm">
            {holds.map((hold) => (
              <li key={hold.id}>
                <StatusPill status={hold.state} /> {formatDateTime(hold.startsAt)} → {formatDateTime(hold.expiresAt)}
                {hold.state === 'active' && can(actor.role, 'holds:manage') ? (
                  <HoldActions holdId={hold.id} accountId={hold.accountId} extended={Boolean(hold.extendedAt)} />
                ) : null}
              </li>
            ))}
          </ul>
          {canHold ? (
            <ActionForm action={createHoldAction} className="mt-2 flex items-end gap-2">
              <input type="hidden" name="referralId" value={referral.id} />
              <input type="hidden" name="accountId" value={referral.accountId} />
              <input name="reason" aria-label="Reason for the hold" defaultValue="Preserve evidence pending report to the authorities" className={`${inputClass} max-w-sm`} />
              <button type="submit" className={buttonClass('secondary')}>
                Place 90-day hold
              </button>
            </ActionForm>
          ) : null}
        </Card>
        {referral.status !== 'closed' ? (
          <Card title="Close the referral">
            <ActionForm action={closeReferralAction} className="space-y-2">
              <input type="hidden" name="referralId" value={referral.id} />
              <Field label="Reason">
                <textarea name="reason" rows={2} className={inputClass} />
              </Field>
              <button type="submit" className={buttonClass('secondary')}>
                Close referral
              </button>
            </ActionForm>
          </Card>
        ) : null}
      </div>
    </>
  );
}
