import Link from 'next/link';
import { EmptyState } from '@/components/ui/message';
import { PageHeader } from '@/components/ui/page';
import { claimedAge, formatDateTime } from '@/components/format';
import { getDb } from '@/db';
import { accountIdParam, viewAccountContacts } from '@/lib/accounts/detail';
import { currentRequestAddress, requirePagePermission } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';

export const dynamic = 'force-dynamic';

export default async function AccountContactsPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<{ after?: string }>;
}) {
  const actor = await requirePagePermission('accounts:read');
  const id = routeSegment((await params).accountId, accountIdParam);
  const { after } = await searchParams;
  const { rows, nextCursor } = await loadOrNotFound(
    viewAccountContacts(await getDb(), actor, id, { cursor: after, requestAddress: await currentRequestAddress() }),
  );

  return (
    <>
      <PageHeader
        title="Conversations"
        description={
          <>
            Of account{' '}
            <Link href={`/accounts/${encodeURIComponent(id)}`} className="font-mono text-sky-700 hover:underline">
              {id}
            </Link>
            , most recent first. Counts are from this account’s side.
          </>
        }
      />
      {rows.length === 0 ? (
        <EmptyState>No conversations for this account{after ? ' after this point' : ''}.</EmptyState>
      ) : (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm tabular-nums">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th className="px-3 py-2 font-medium">With</th>
              <th className="px-3 py-2 font-medium">Their claimed age</th>
              <th className="px-3 py-2 font-medium">Started by</th>
              <th className="px-3 py-2 text-right font-medium">Sent / received</th>
              <th className="px-3 py-2 text-right font-medium">Media sent / received</th>
              <th className="px-3 py-2 font-medium">First</th>
              <th className="px-3 py-2 font-medium">Last</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.peerId} className="border-b border-slate-100 last:border-0">
                <td className="px-3 py-1.5">
                  <Link href={`/accounts/${encodeURIComponent(row.peerId)}`} className="text-sky-700 hover:underline">
                    {row.peerUsername ?? row.peerId}
                  </Link>
                  {row.blockedByPeer ? <span className="ml-2 rounded bg-red-100 px-1.5 text-xs text-red-800">blocked this account</span> : null}
                </td>
                <td className="px-3 py-1.5">{claimedAge(row.peerBirthdate)}</td>
                <td className="px-3 py-1.5">{row.initiatedByAccount ? 'this account' : 'them'}</td>
                <td className="px-3 py-1.5 text-right">
                  {row.messagesSent} / {row.messagesReceived}
                </td>
                <td className="px-3 py-1.5 text-right">
                  {row.mediaSent} / {row.mediaReceived}
                </td>
                <td className="px-3 py-1.5 text-slate-600">{formatDateTime(row.firstContactAt)}</td>
                <td className="px-3 py-1.5 text-slate-600">{formatDateTime(row.lastContactAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor ? (
        <Link href={`?after=${encodeURIComponent(nextCursor)}`} className="mt-4 inline-block text-sm text-sky-700 hover:underline">
          Older conversations →
        </Link>
      ) : null}
    </>
  );
}
