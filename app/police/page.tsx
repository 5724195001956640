import Link from 'next/link';
import { FilterLinks } from '@/components/ui/filter-bar';
import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { buttonClass } from '@/components/ui/button';
import { Pill, StatusPill } from '@/components/ui/pill';
import { DataTable } from '@/components/ui/data-table';
import { can } from '@/lib/auth/permissions';
import { REQUEST_STATUSES, REQUEST_TYPE_LABELS } from '@/lib/police/contract';
import { formatInZone } from '@/lib/police/deadlines';
import { fourEyesMessage } from '@/lib/police/errors';
import { packagesAwaitingRelease } from '@/lib/police/package-review';
import { DUE_SOON_HOURS, dueDashboard, listRequests, requestListSchema } from '@/lib/police/queries';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound } from '@/server/page-input';

export const metadata = { title: 'Police requests · Lookout' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function PoliceRequestsPage({ searchParams }: { searchParams: Search }) {
  const ctx = await requirePageContext('police:read');
  const { actor, now } = ctx;
  const search = await searchParams;
  const parsed = requestListSchema.safeParse({ status: search.status || undefined, after: search.after || undefined });
  const query = parsed.success ? parsed.data : requestListSchema.parse({});
  const [board, page, awaiting] = await Promise.all([dueDashboard(ctx), loadOrNotFound(listRequests(ctx, query)), packagesAwaitingRelease(ctx)]);
  const statusLink = (status?: string) => (status ? `/police?status=${status}` : '/police');

  return (
    <>
      <PageHeader
        title="Police requests"
        description="Requests from law enforcement, their deadlines, holds and disclosures."
        actions={
          can(actor.role, 'police:write') ? (
            <Link href="/police/new" className={buttonClass()}>
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
                  <Link className="font-mono text-sky-700 underline" href={`/police/${row.requestId}`}>
                    {row.reference}
                  </Link>{' '}
                  version {row.version}, prepared by {row.preparedByEmail} ·{' '}
                  {row.conflict ? (
                    <span className="text-slate-600">{fourEyesMessage(row.conflict)}</span>
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
            <DataTable
              label="Deadlines"
              rows={board}
              rowKey={(row) => row.id}
              rowProps={(row) => ({ className: row.overdue ? 'bg-red-50' : '' })}
              columns={[
                { header: 'Reference', cell: (row) => <RequestLink id={row.id} reference={row.reference} /> },
                {
                  header: 'Type',
                  cell: (row) => (
                    <>
                      {row.emergency ? (
                        <Pill tone="alarm">EMERGENCY</Pill>
                      ) : null}{' '}
                      {REQUEST_TYPE_LABELS[row.type]}
                    </>
                  ),
                },
                { header: 'Agency', cell: (row) => row.agency },
                { header: 'Status', cell: (row) => <StatusPill status={row.status} /> },
                {
                  header: 'Due',
                  className: 'tabular-nums',
                  cell: (row) => (
                    <>
                      {row.overdue ? <strong className="text-red-700">Overdue · </strong> : null}
                      {formatInZone(row.dueAt, row.timeZone)}
                    </>
                  ),
                },
              ]}
            />
          )}
        </Card>
        <Card title="All requests">
          <FilterLinks
            label="Filter by status"
            links={[undefined, ...REQUEST_STATUSES].map((status) => ({
              key: status ?? 'all',
              label: status ? status.replaceAll('_', ' ') : 'all',
              href: statusLink(status),
              current: query.status === status,
            }))}
          />
          {page.rows.length === 0 ? (
            <EmptyState>
              {query.status
                ? `No request is ${query.status.replaceAll('_', ' ')}. Choose "all" to see every request.`
                : 'No requests yet. When a letter or call from police arrives, record it with "Record a request".'}
            </EmptyState>
          ) : (
            <DataTable
              label="Requests"
              rows={page.rows}
              rowKey={(row) => row.id}
              columns={[
                { header: 'Reference', cell: (row) => <RequestLink id={row.id} reference={row.reference} /> },
                { header: 'Type', cell: (row) => REQUEST_TYPE_LABELS[row.type] },
                {
                  header: 'Agency',
                  cell: (row) => (
                    <>
                      {row.agency} <span className="text-slate-600">({row.jurisdiction})</span>
                    </>
                  ),
                },
                { header: 'Accounts', align: 'right', cell: (row) => row.targets },
                { header: 'Status', cell: (row) => <StatusPill status={row.status} /> },
                { header: 'Received', className: 'tabular-nums', cell: (row) => formatInZone(row.receivedAt, row.timeZone) },
                {
                  header: 'Due',
                  className: 'tabular-nums',
                  cell: (row) => <span className={row.dueAt && row.dueAt <= now ? 'text-red-700' : ''}>{row.dueAt ? formatInZone(row.dueAt, row.timeZone) : '—'}</span>,
                },
              ]}
            />
          )}
          {page.next ? (
            <p className="mt-3 text-sm">
              <Link
                className="text-sky-700 underline"
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

function RequestLink({ id, reference }: { id: string; reference: string }) {
  return (
    <Link className="font-mono text-sky-700 underline" href={`/police/${id}`}>
      {reference}
    </Link>
  );
}
