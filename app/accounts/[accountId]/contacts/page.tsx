import Link from 'next/link';
import { EmptyState } from '@/components/ui/message';
import { PageHeader } from '@/components/ui/page';
import { claimedAge, formatDateTime } from '@/components/format';
import { ConversationsTable } from '@/components/graph/conversations-table';
import { ContactFilterForm } from '@/components/graph/contact-filter-form';
import { contactFilterFrom, contactFilterParams, isFiltered } from '@/lib/accounts/contact-filter';
import { accountIdParam, viewAccountContacts } from '@/lib/accounts/detail';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';

export const dynamic = 'force-dynamic';

export default async function AccountContactsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePageContext('accounts:read');
  const id = routeSegment((await params).accountId, accountIdParam);
  const query = await searchParams;
  const after = typeof query.after === 'string' ? query.after : undefined;
  const filter = contactFilterFrom(query);
  const { rows, nextCursor } = await loadOrNotFound(
    viewAccountContacts(ctx, { accountId: id, cursor: after, filter }),
  );
  const here = `/accounts/${encodeURIComponent(id)}/contacts`;
  const older = contactFilterParams(filter);
  if (nextCursor) older.set('after', nextCursor);

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
      <ContactFilterForm filter={filter} action={here} />
      {rows.length === 0 ? (
        <EmptyState>No conversations for this account{isFiltered(filter) ? ' under this filter' : ''}{after ? ' after this point' : ''}.</EmptyState>
      ) : (
        <ConversationsTable
          rows={rows.map((row) => ({
            peerId: row.peerId,
            peerUsername: row.peerUsername,
            peerClaimedAge: claimedAge(row.peerBirthdate),
            initiatedByAccount: row.initiatedByAccount,
            messagesSent: row.messagesSent,
            messagesReceived: row.messagesReceived,
            mediaSent: row.mediaSent,
            mediaReceived: row.mediaReceived,
            blockedByPeer: row.blockedByPeer,
            first: formatDateTime(row.firstContactAt),
            last: formatDateTime(row.lastContactAt),
          }))}
        />
      )}
      {nextCursor ? (
        <Link href={`?${older.toString()}`} className="mt-4 inline-block text-sm text-sky-700 underline">
          Older conversations →
        </Link>
      ) : null}
    </>
  );
}
