import { compactInputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { Card, PageHeader } from '@/components/ui/page';
import { can } from '@/lib/auth/permissions';
import { listStaff } from '@/lib/staff/list';
import { describeFilter } from '@/lib/triage/filter';
import { listQueueRestrictions, loadQueues } from '@/lib/triage/queues';
import { requirePageContext } from '@/server/guard';
import { createQueueAction, deleteQueueAction, restrictQueuesAction, updateQueueAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Queue setup · Lookout' };

const FILTER_HELP =
  'JSON: {"any": [clause, …]} — a report matches when any clause matches; a clause lists conditions that must all hold: categories, sources, reportedAgeBands, reporterAgeBands (lists), reportedContactsMinors, hasHold, escalated (true/false), minRisk (0–100). {"any": [{}]} matches everything.';

/** Admins define queues (routing order, filter, target time) and limit moderators to some of them. */
export default async function QueueSetupPage() {
  const ctx = await requirePageContext('queues:manage');
  const [queues, restrictions, team] = await Promise.all([loadQueues(ctx), listQueueRestrictions(ctx), listStaff(ctx)]);
  const moderators = team.filter((member) => member.active && can(member.role, 'reports:act'));

  return (
    <>
      <PageHeader title="Queue setup" description="A report lands in the first queue, in this order, whose filter it matches." />
      <div className="space-y-4">
        {queues.map((queue) => (
          <Card key={queue.id} title={`${queue.position}. ${queue.name}${queue.builtIn ? ' (built in)' : ''}`}>
            <p className="mb-2 text-sm text-slate-600">{describeFilter(queue.filter)}</p>
            <ActionForm action={updateQueueAction} submitLabel="Save" successText="Saved." className="grid gap-2 md:grid-cols-[1fr_8rem_8rem_auto]" label={`Edit ${queue.name}`}>
              <input type="hidden" name="queueId" value={queue.id} />
              <input name="name" defaultValue={queue.name} aria-label="Name" className={compactInputClass} />
              <input name="position" type="number" defaultValue={queue.position} aria-label="Position" className={compactInputClass} readOnly={queue.id === 'everything-else'} />
              <input name="targetMinutes" type="number" defaultValue={queue.targetMinutes} aria-label="Target minutes" className={compactInputClass} />
              <textarea name="filter" defaultValue={JSON.stringify(queue.filter)} aria-label="Filter" rows={2} readOnly={queue.builtIn} className={`${compactInputClass} font-mono text-xs md:col-span-4`} />
            </ActionForm>
            {!queue.builtIn ? (
              <ActionForm action={deleteQueueAction} submitLabel="Delete this queue" className="mt-2" label={`Delete ${queue.name}`}>
                <input type="hidden" name="queueId" value={queue.id} />
              </ActionForm>
            ) : null}
          </Card>
        ))}

        <Card title="New queue">
          <ActionForm action={createQueueAction} submitLabel="Create queue" label="New queue">
            <div className="grid gap-2 md:grid-cols-3">
              <input name="name" placeholder="Name" aria-label="Name" className={compactInputClass} />
              <input name="position" type="number" placeholder="Position, e.g. 15" aria-label="Position" className={compactInputClass} />
              <input name="targetMinutes" type="number" placeholder="Target minutes" aria-label="Target minutes" className={compactInputClass} />
            </div>
            <textarea name="filter" rows={3} aria-label="Filter" placeholder='{"any": [{"sources": ["law_enforcement"]}]}' className={`${compactInputClass} w-full font-mono text-xs`} />
            <p className="text-xs text-slate-600">{FILTER_HELP}</p>
          </ActionForm>
        </Card>

        <Card title="Moderators limited to some queues">
          <p className="mb-2 text-sm text-slate-600">Tick nothing to let a moderator work every queue.</p>
          <div className="space-y-3">
            {moderators.map((member) => {
              const limited = new Set(restrictions.get(member.id) ?? []);
              return (
                <ActionForm key={member.id} action={restrictQueuesAction} submitLabel="Save" successText="Saved." className="flex flex-wrap items-center gap-3 text-sm" label={`Queues of ${member.email}`}>
                  <input type="hidden" name="staffId" value={member.id} />
                  <span className="w-64 font-medium">{member.email}</span>
                  {queues.map((queue) => (
                    <label key={queue.id} className="flex items-center gap-1">
                      <input type="checkbox" name="queueIds" value={queue.id} defaultChecked={limited.has(queue.id)} />
                      {queue.name}
                    </label>
                  ))}
                </ActionForm>
              );
            })}
          </div>
        </Card>
      </div>
    </>
  );
}
