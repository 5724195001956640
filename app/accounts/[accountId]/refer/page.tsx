import { ActionForm } from '@/components/action-form';
import { PageHeader } from '@/components/page-header';
import { buttonClass, Field, inputClass } from '@/components/police/ui';
import { REFERRAL_GROUND_LABELS, REFERRAL_GROUNDS } from '@/lib/police/contract';
import { accountIdParam } from '@/lib/accounts/detail';
import { requirePagePermission } from '@/server/guard';
import { routeSegment } from '@/server/page-input';
import { createReferralAction } from '../../../referrals/actions';

export const metadata = { title: 'Refer to liaison · Lookout' };

export default async function ReferAccountPage({ params }: { params: Promise<{ accountId: string }> }) {
  await requirePagePermission('referrals:create');
  const accountId = routeSegment((await params).accountId, accountIdParam);
  return (
    <>
      <PageHeader title="Refer to liaison" description={<>Account <span className="font-mono">{accountId}</span>: for imminent danger or exploitation.</>} />
      <ActionForm action={createReferralAction} className="max-w-xl space-y-3" labels={{ summary: 'What you found' }}>
        <input type="hidden" name="accountId" value={accountId} />
        <Field label="Why">
          <select name="ground" className={inputClass} defaultValue="child_sexual_exploitation">
            {REFERRAL_GROUNDS.map((ground) => (
              <option key={ground} value={ground}>
                {REFERRAL_GROUND_LABELS[ground]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="What you found" hint="Facts liaison needs: which conversations, which reports, what was asked for or arranged.">
          <textarea name="summary" rows={5} className={inputClass} />
        </Field>
        <button type="submit" className={buttonClass}>
          Refer to liaison
        </button>
      </ActionForm>
    </>
  );
}
