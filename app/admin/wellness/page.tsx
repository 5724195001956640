import { Field, inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { Card, PageHeader } from '@/components/ui/page';
import { FOLDED_REPORT_CATEGORIES, readBreakThreshold } from '@/lib/wellness/wellness';
import { requirePageContext } from '@/server/guard';
import { setBreakThresholdAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Wellness · Lookout' };

/** Moderator wellness settings (admins): when the break prompt appears. */
export default async function WellnessPage() {
  const ctx = await requirePageContext('wellness:manage');
  const { breakAfter } = await readBreakThreshold(ctx);
  return (
    <>
      <PageHeader title="Wellness" description="Child-safety work is hard on the people who do it. Lookout counts each moderator's child-safety items per day and, past a threshold, suggests a break." />
      <div className="max-w-2xl space-y-4">
        <Card title="Break prompt">
          <p className="mb-3 text-sm text-slate-700">
            A moderator who has handled this many child-safety items today (decisions in the child-safety lane, risk reviews and protective decisions) sees a quiet
            suggestion to take a break on the queue and review pages. Now: <strong data-testid="break-after">{breakAfter === 0 ? 'off' : `after ${breakAfter} item${breakAfter === 1 ? '' : 's'}`}</strong>.
          </p>
          <ActionForm action={setBreakThresholdAction} label="Break prompt threshold" submitLabel="Save" successText="Saved." keepValues labels={{ breakAfter: 'Items per day' }}>
            <Field label="Items per day" hint="0 turns the prompt off.">
              <input name="breakAfter" type="number" min={0} max={10000} defaultValue={breakAfter} className={`${inputClass} w-32`} />
            </Field>
          </ActionForm>
        </Card>
        <Card title="Folded report text">
          <p className="text-sm text-slate-700">
            The text of {FOLDED_REPORT_CATEGORIES.map((c) => c.replace('_', ' ')).join(' and ')} reports is folded on the account and review pages until a moderator
            chooses to read it; each reveal is recorded in the audit log.
          </p>
        </Card>
      </div>
    </>
  );
}
