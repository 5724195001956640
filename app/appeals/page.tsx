import Link from 'next/link';
import { z } from 'zod';
import { DataTable } from '@/components/ui/data-table';
import { textareaClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { EmptyState, SuccessNote } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { formatDateTime } from '@/components/format';
import { appealListSchema, listAppeals, overturnRates, type AppealRow } from '@/lib/appeals/list';
import { can } from '@/lib/auth/permissions';
import { opaqueId } from '@/lib/validation/text';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound } from '@/server/page-input';
import { decideAppealAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Appeals · Lookout' };

const TABS = ['open', 'upheld', 'overturned'] as const;

/** The list's own input, and the confirmation a decision comes back with. */
const pageSchema = appealListSchema.extend({
  decided: opaqueId(64, 'decided').optional(),
  outcome: z.enum(['upheld', 'overturned']).optional(),
  reinstated: z.enum(['0', '1']).optional(),
});

/** Appeals the chat app submitted, oldest first; decided by a moderator other than the one who took the decision. */
export default async function AppealsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext('reports:read');
  const { actor } = ctx;
  const parsed = pageSchema.safeParse(await searchParams);
  const input = parsed.success ? parsed.data : pageSchema.parse({});
  const [page, rates] = await Promise.all([loadOrNotFound(listAppeals(ctx, input)), overturnRates(ctx)]);
  const mayDecide = can(actor.role, 'reports:act');

  return (
    <>
      <PageHeader title="Appeals" description="Users appeal a decision through the chat app. Someone other than the moderator who decided it judges the appeal." />
      <div className="space-y-4">
        {input.decided && input.outcome ? (
          <SuccessNote className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-emerald-900">
            Appeal {input.decided} {input.outcome}.{' '}
            {input.outcome === 'upheld'
              ? 'The chat app tells the appellant.'
              : input.reinstated === '1'
                ? 'The account is reinstated; the chat app reinstates it and tells the appellant.'
                : 'A later decision about the account stands, so nothing is reinstated; the chat app tells the appellant.'}
          </SuccessNote>
        ) : null}
        <Card title="Overturned on appeal, by decision">
          {rates.length === 0 ? (
            <p className="text-sm text-slate-600">No appeal has been decided yet.</p>
          ) : (
            <DataTable
              testId="overturn-rates"
              rows={rates}
              rowKey={(rate) => rate.action}
              columns={[
                { header: 'Decision', rowHeader: true, cell: (rate) => rate.action },
                { header: 'Appeals decided', align: 'right', cell: (rate) => rate.decided },
                { header: 'Overturned', align: 'right', cell: (rate) => rate.overturned },
                { header: 'Rate', align: 'right', cell: (rate) => (rate.rate === null ? '—' : `${Math.round(rate.rate * 100)}%`) },
              ]}
            />
          )}
        </Card>
        <nav aria-label="Appeal status" className="flex gap-3 text-sm">
          {TABS.map((status) => (
            <Link key={status} href={`/appeals?status=${status}`} aria-current={status === input.status ? 'page' : undefined} className={status === input.status ? 'font-semibold text-slate-900 underline' : 'text-sky-800 underline'}>
              {status}
            </Link>
          ))}
        </nav>
        {page.appeals.length === 0 ? (
          <EmptyState>No {input.status} appeals. The chat app submits them to POST /api/v1/appeals.</EmptyState>
        ) : (
          <ul className="space-y-3">
            {page.appeals.map((appeal) => (
              <AppealCard key={appeal.id} appeal={appeal} mayDecide={mayDecide} />
            ))}
          </ul>
        )}
        {page.nextCursor ? (
          <Link className="text-sm text-sky-800 underline" href={`/appeals?status=${input.status}&after=${page.nextCursor}`}>
            Next appeals
          </Link>
        ) : null}
      </div>
    </>
  );
}

function AppealCard({ appeal, mayDecide }: { appeal: AppealRow; mayDecide: boolean }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 text-sm" aria-label={`Appeal ${appeal.externalId}`}>
      <p>
        <Link className="font-medium text-sky-800 underline" href={`/accounts/${encodeURIComponent(appeal.accountId)}`}>
          {appeal.accountId}
        </Link>{' '}
        appeals a <strong>{appeal.decisionAction}</strong> by {appeal.decidedBy ?? 'Lookout'} · filed {formatDateTime(appeal.createdAt)}
      </p>
      <p className="mt-1 text-slate-700">Decision reason: {appeal.decisionReason}</p>
      <blockquote className="mt-2 border-l-2 border-slate-300 pl-3 text-slate-800">{appeal.statement || '(no statement)'}</blockquote>
      {appeal.status !== 'open' ? (
        <p className="mt-2 text-slate-700">
          {appeal.status}: {appeal.outcomeReason}
        </p>
      ) : appeal.mine ? (
        <p className="mt-2 text-amber-800">You took this decision: another moderator must judge the appeal.</p>
      ) : mayDecide ? (
        <ActionForm action={decideAppealAction} submitLabel="Record outcome" label={`Decide appeal ${appeal.externalId}`} className="mt-3 space-y-2">
          <input type="hidden" name="appealId" value={appeal.id} />
          <fieldset className="flex gap-4">
            <legend className="sr-only">Outcome</legend>
            <label className="flex items-center gap-1">
              <input type="radio" name="outcome" value="upheld" required /> Uphold the decision
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="outcome" value="overturned" /> Overturn it (reinstates the account)
            </label>
          </fieldset>
          <label className="block">
            <span className="text-xs text-slate-600">Reason (the appellant is told only the outcome)</span>
            <textarea name="reason" required maxLength={2000} className={textareaClass} rows={2} />
          </label>
        </ActionForm>
      ) : null}
    </li>
  );
}
