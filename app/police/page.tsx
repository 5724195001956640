import Link from 'next/link';
import { Card, EmptyState, PageHeader } from '@/components/page-header';
import { StatusPill } from '@/components/police/ui';
import { getDb } from '@/db';
import { can } from '@/lib/auth/permissions';
import { REQUEST_STATUSES, REQUEST_TYPE_LABELS } from '@/lib/police/contract';
import { formatInZone } from '@/lib/police/deadlines';
import { fourEyesMessage } from '@/lib/police/errors';
import { packagesAwaitingRelease } from '@/lib/police/package-review';
import { DUE_SOON_HOURS, dueDashboard, listRequests, requestListSchema } from '@/lib/police/queries';
import { requirePagePermission } from '@/server/guard';
import { loadOrNotFound } from '@/server/page-input';

export const metadata = { title: 'Police requests · Lookout' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function PoliceRequestsPage({ searchParams }: { searchParams: Search }) {
  const actor = await requirePagePermission('police:read');
  const search = await searchParams;
  const parsed = requestListSchema.safeParse({ status: search.status || undefined, after: search.after || undefined });
  const query = parsed.success ? parsed.data : requestListSchema.parse({});
  const db = await getDb();
  const [board, page, awaiting] = await Promise.all([
    dueDashboard(db, actor),
    loadOrNotFound(listRequests(db, actor, query)),
    packagesAwaitingRelease({ db, actor, requestAddress: null, now: new Date() }),
  ]);
  const now = new Date();
  const statusLink = (status?: string) => (status ? `/police?status=${status}` : '/police');

  return (
    <>
      <PageHeader
        title="Police requests"
        description="Requests from law enforcement, their deadlines, holds and disclosures."
        actions={
          can(actor.role, 'police:write') ? (
            <Link href="/police/new" className="rounded bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
              Record a request
            </Link>
          ) : null
        }
      />
      <div className="space-y-4">
        {awaiting.length > 0 ? (
          <Card title="Packages awaiting release">
            <ul className="space-y-1 text-sm" aria-label="Packages awaiting release">
              {awaiting.map((row) => (
                <li key={row.packageId} data-testid={`awaiting-${row.reference}`}>
                  <Link className="font-mono text-sky-700 hover:underline" href={`/police/${row.requestId}`}>
                    {row.reference}
                  </Link>{' '}
                  version {row.version}, prepared by {row.preparedByEmail} ·{' '}
                  {row.conflict ? (
                    <span className="text-slate-500">{fourEyesMessage(row.conflict)}</span>
                  ) : (
                    <strong className="text-amber-800">awaiting your review and release</strong>
                  )}
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        <Card title={`Deadlines: overdue and due within ${DUE_SOON_HOURS} hours`}>
          {board.length === 0 ? (
            <EmptyState>No open request is overdue or due soon.</EmptyState>
          ) : (
            <table className="w-full text-sm" aria-label="Deadlines">
              <thead>
                <tr className="border-b border-slate-200 text-left text-slate-500">
                  <th className="py-1.5 pr-3 font-medium">Reference</th>
                  <th className="py-1.5 pr-3 font-medium">Type</th>
                  <th className="py-1.5 pr-3 font-medium">Agency</th>
                  <th className="py-1.5 pr-3 font-medium">Status</th>
                  <th className="py-1.5 pr-3 font-medium">Due</th>
                </tr>
              </thead>
              <tbody>
                {board.map((row) => (
                  <tr key={row.id} className={`border-b border-slate-100 ${row.overdue ? 'bg-red-50' : ''}`}>
                    <td className="py-1.5 pr-3">
                      <Link className="font-mono text-sky-700 hover:underline" href={`/police/${row.id}`}>
                        {row.reference}
                      </Link>
                    </td>
                    <td className="py-1.5 pr-3">
                      {row.emergency ? <span className="mr-1 rounded bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white">EMERGENCY</span> : null}
                      {REQUEST_TYPE_LABELS[row.type]}
                    </td>
                    <td className="py-1.5 pr-3">{row.agency}</td>
                    <td className="py-1.5 pr-3">
                      <StatusPill status={row.status} />
                    </td>
                    <td className="py-1.5 pr-3 tabular-nums">
                      {row.overdue ? <strong className="text-red-700">Overdue · </strong> : null}
                      {formatInZone(row.dueAt, row.timeZone)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card title="All requests">
          <nav aria-label="Filter by status" className="mb-3 flex flex-wrap gap-2 text-xs">
            {[undefined, ...REQUEST_STATUSES].map((status) => (
              <Link
                key={status ?? 'all'}
                href={statusLink(status)}
                aria-current={query.status === status ? 'page' : undefined}
                className={`rounded border px-2 py-0.5 ${query.status === status ? 'border-slate-800 bg-slate-800 text-white' : 'border-slate-300 text-slate-700'}`}
              >
                {status ? status.replaceAll('_', ' ') : 'all'}
              </Link>
            ))}
          </nav>
          {page.rows.length === 0 ? (
            <EmptyState>
              {query.status
                ? `No request is ${query.status.replaceAll('_', ' ')}. Choose "all" to see every request.`
                : 'No requests yet. When a letter or call from police arrives, record it with "Record a request".'}
            </EmptyState>
          ) : (
            <table className="w-full text-sm" aria-label="Requests">
              <thead>
                <tr className="border-b border-slate-200 text-left text-slate-500">
                  <th className="py-1.5 pr-3 font-medium">Reference</th>
                  <th className="py-1.5 pr-3 font-medium">Type</th>
                  <th className="py-1.5 pr-3 font-medium">Agency</th>
                  <th className="py-1.5 pr-3 font-medium">Accounts</th>
                  <th className="py-1.5 pr-3 font-medium">Status</th>
                  <th className="py-1.5 pr-3 font-medium">Received</th>
                  <th className="py-1.5 pr-3 font-medium">Due</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((row) => (
                  <tr key={row.id} className="border-b border-slate-100">
                    <td className="py-1.5 pr-3">
                      <Link className="font-mono text-sky-700 hover:underline" href={`/police/${row.id}`}>
                        {row.reference}
                      </Link>
                    </td>
                    <td className="py-1.5 pr-3">{REQUEST_TYPE_LABELS[row.type]}</td>
                    <td className="py-1.5 pr-3">
                      {row.agency} <span className="text-slate-500">({row.jurisdiction})</span>
                    </td>
                    <td className="py-1.5 pr-3 tabular-nums">{row.targets}</td>
                    <td className="py-1.5 pr-3">
                      <StatusPill status={row.status} />
                    </td>
                    <td className="py-1.5 pr-3 tabular-nums">{formatInZone(row.receivedAt, row.timeZone)}</td>
                    <td className={`py-1.5 pr-3 tabular-nums ${row.dueAt && row.dueAt <= now ? 'text-red-700' : ''}`}>
                      {row.dueAt ? formatInZone(row.dueAt, row.timeZone) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {page.next ? (
            <p className="mt-3 text-sm">
              <Link
                className="text-sky-700 hover:underline"
                href={`/police?${new URLSearchParams({ ...(query.status ? { status: query.status } : {}), after: page.next })}`}
              >
                Older requests →
              </Link>
            </p>
          ) : null}
        </Card>
      </div>
    </>
  );
}
