import { compactInputClass } from '@/components/ui/field';
import { DataTable } from '@/components/ui/data-table';
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
          <DataTable
            label="Queues each moderator may work"
            rows={moderators}
            rowKey={(member) => member.id}
            rowProps={(member) => ({ 'data-testid': `queue-limit-${member.email}` })}
            columns={[
              { header: 'Moderator', rowHeader: true, cell: (member) => member.email },
              {
                header: 'May work',
                cell: (member) => {
                  const limited = new Set(restrictions.get(member.id) ?? []);
                  return limited.size ? queues.filter((queue) => limited.has(queue.id)).map((queue) => queue.name).join(', ') : 'every queue';
                },
              },
            ]}
          />
          {/* One form for the whole team: a form per moderator made this page 240 KB with 50 of them. */}
          <ActionForm action={restrictQueuesAction} submitLabel="Save limits" successText="Saved." className="mt-4 space-y-2 text-sm" label="Limit a moderator">
            <label className="flex items-center gap-2">
              <span className="font-medium">Moderator</span>
              <select name="staffId" required defaultValue="" className={compactInputClass}>
                <option value="" disabled>
                  Choose a moderator
                </option>
                {moderators.map((member) => (
                  <option key={member.id} value={member.id}>
                    {member.email}
                  </option>
                ))}
              </select>
            </label>
            <fieldset className="flex flex-wrap items-center gap-3">
              <legend className="mb-1 text-slate-600">The queues they may work (their whole list), or every queue</legend>
              {queues.map((queue) => (
                <label key={queue.id} className="flex items-center gap-1">
                  <input type="checkbox" name="queueIds" value={queue.id} />
                  {queue.name}
                </label>
              ))}
              <label className="flex items-center gap-1">
                <input type="checkbox" name="everyQueue" />
                Every queue (no limit)
              </label>
            </fieldset>
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
