import Link from 'next/link';
import { EmptyState } from '@/components/ui/message';
import { PageHeader } from '@/components/ui/page';
import { claimedAge, formatDateTime } from '@/components/format';
import { DataTable } from '@/components/ui/data-table';
import { Pill } from '@/components/ui/pill';
import { accountIdParam, viewAccountContacts } from '@/lib/accounts/detail';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';

export const dynamic = 'force-dynamic';

export default async function AccountContactsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<{ after?: string }>;
}) {
  const ctx = await requirePageContext('accounts:read');
  const id = routeSegment((await params).accountId, accountIdParam);
  const { after } = await searchParams;
  const { rows, nextCursor } = await loadOrNotFound(
    viewAccountContacts(ctx, { accountId: id, cursor: after }),
  );

  return (
    <>
      <PageHeader
        title="Conversations"
        description={
          <>
            Of account{' '}
            <Link href={`/accounts/${encodeURIComponent(id)}`} className="font-mono text-sky-700 underline">
              {id}
            </Link>
            , most recent first. Counts are from this account’s side.
          </>
        }
      />
      {rows.length === 0 ? (
        <EmptyState>No conversations for this account{after ? ' after this point' : ''}.</EmptyState>
      ) : (
        <DataTable
          framed
          label="Conversations"
          rows={rows}
          rowKey={(row) => row.peerId}
          columns={[
            {
              header: 'With',
              cell: (row) => (
                <>
                  <Link href={`/accounts/${encodeURIComponent(row.peerId)}`} className="text-sky-700 underline">
                    {row.peerUsername ?? row.peerId}
                  </Link>
                  {row.blockedByPeer ? (
                    <Pill tone="danger">
                      blocked this account
                    </Pill>
                  ) : null}
                </>
              ),
            },
            { header: 'Their claimed age', cell: (row) => claimedAge(row.peerBirthdate) },
            { header: 'Started by', cell: (row) => (row.initiatedByAccount ? 'this account' : 'them') },
            { header: 'Sent / received', align: 'right', cell: (row) => `${row.messagesSent} / ${row.messagesReceived}` },
            { header: 'Media sent / received', align: 'right', cell: (row) => `${row.mediaSent} / ${row.mediaReceived}` },
            { header: 'First', className: 'text-slate-600', cell: (row) => formatDateTime(row.firstContactAt) },
            { header: 'Last', className: 'text-slate-600', cell: (row) => formatDateTime(row.lastContactAt) },
          ]}
        />
      )}
      {nextCursor ? (
        <Link href={`?after=${encodeURIComponent(nextCursor)}`} className="mt-4 inline-block text-sm text-sky-700 underline">
          Older conversations →
        </Link>
      ) : null}
    </>
  );
}
