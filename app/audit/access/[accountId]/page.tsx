import Link from 'next/link';
import { utcSeconds } from '@/components/audit/format';
import { DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { Pill } from '@/components/ui/pill';
import { accountIdParam } from '@/lib/accounts/detail';
import { loadAccountAccess, VIEW_LABELS } from '@/lib/audit/access';
import { auditViewHref } from '@/lib/audit/query';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Who viewed an account · Lookout' };

const who = (row: { actorName: string | null; actorEmail: string | null }) => (row.actorName ? `${row.actorName} · ${row.actorEmail}` : (row.actorEmail ?? 'unknown'));

/** For one account: who viewed its page, its contacts, its reports' text, its risk page, when, and what stood behind each look. */
export default async function AccountAccessPage({ params, searchParams }: { params: Promise<{ accountId: string }>; searchParams: Promise<{ after?: string | string[] }> }) {
  const ctx = await requirePageContext('audit:read');
  const accountId = routeSegment((await params).accountId, accountIdParam);
  const { after } = await searchParams;
  const access = await loadOrNotFound(loadAccountAccess(ctx, { accountId, cursor: typeof after === 'string' ? after : undefined }));

  return (
    <div className="space-y-5">
      <PageHeader
        title="Who viewed this account"
        description={
          <>
            Account <span className="font-mono">{accountId}</span>: its page, contacts, reports&apos; text and risk page. Opening this page is recorded against the account.
          </>
        }
        actions={
          <div className="flex gap-3 text-sm">
            <Link href={`/accounts/${encodeURIComponent(accountId)}`} className="underline">
              Account
            </Link>
            <Link href={auditViewHref({ account: accountId })} className="underline">
              Audit trail
            </Link>
          </div>
        }
      />
      <Card title="Viewers">
        {access.viewers.length === 0 ? (
          <EmptyState>Nobody has viewed this account&apos;s data.</EmptyState>
        ) : (
          <DataTable
            label="Viewers"
            rows={access.viewers}
            rowKey={(row) => row.actorId}
            columns={[
              { header: 'Who', cell: (row) => who(row) },
              { header: 'Views', align: 'right', cell: (row) => row.views },
              { header: 'Last (UTC)', className: 'whitespace-nowrap tabular-nums', cell: (row) => utcSeconds(row.last) },
              {
                header: 'Entries',
                cell: (row) => (
                  <Link href={auditViewHref({ actorId: row.actorId, account: accountId })} className="text-sky-700 underline" aria-label={`entries of ${who(row)}`}>
                    entries
                  </Link>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card title="Every view, newest first">
        {access.views.length === 0 ? (
          <EmptyState>No views recorded{after ? ' on this page' : ''}.</EmptyState>
        ) : (
          <DataTable
            label="Views"
            rows={access.views}
            rowKey={(row) => row.seq}
            columns={[
              {
                header: 'Entry',
                align: 'right',
                cell: (row) => (
                  <Link href={`/audit/${row.seq}`} className="text-sky-700 underline" aria-label={`Entry ${row.seq}`}>
                    {row.seq}
                  </Link>
                ),
              },
              { header: 'When (UTC)', className: 'whitespace-nowrap tabular-nums', cell: (row) => utcSeconds(row.at) },
              { header: 'Who', cell: (row) => `${who(row)} (${row.actorRole ?? 'staff'})` },
              { header: 'What', cell: (row) => VIEW_LABELS[row.action as keyof typeof VIEW_LABELS] ?? row.action },
              {
                header: 'Behind it',
                cell: (row) => (
                  <>
                    {row.basis.length ? row.basis.join(', ') : 'nothing'}
                    {row.minor && row.basis.length === 0 ? <Pill tone="childSafety">Child, nothing behind it</Pill> : null}
                    {row.heldNotOnRequest ? <Pill tone="warning">Held, not on the request</Pill> : null}
                  </>
                ),
              },
            ]}
          />
        )}
      </Card>
      {access.nextCursor ? (
        <Link href={`/audit/access/${encodeURIComponent(accountId)}?after=${access.nextCursor}`} className="text-sm text-sky-700 underline">
          Older views →
        </Link>
      ) : null}
    </div>
  );
}
