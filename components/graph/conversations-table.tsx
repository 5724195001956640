'use client';

import Link from 'next/link';
import { DataTable } from '@/components/ui/data-table';
import { Pill } from '@/components/ui/pill';
import type { ContactRow } from '@/lib/accounts/detail';

/** A conversation as the table receives it, the peer's age and the times already put into words on the server. */
export interface ConversationRow extends Pick<ContactRow, 'peerId' | 'peerUsername' | 'initiatedByAccount' | 'messagesSent' | 'messagesReceived' | 'mediaSent' | 'mediaReceived' | 'blockedByPeer'> {
  peerClaimedAge: string;
  first: string;
  last: string;
}

/**
 * An account's conversations, most recent first. A client component so that its rows reach the
 * page as data rather than as a serialised element tree twice the size of their HTML
 * (docs/performance.md, "Pages").
 */
export function ConversationsTable({ rows }: { rows: ConversationRow[] }) {
  return (
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
              {row.blockedByPeer ? <Pill tone="danger">blocked this account</Pill> : null}
            </>
          ),
        },
        { header: 'Their claimed age', cell: (row) => row.peerClaimedAge },
        { header: 'Started by', cell: (row) => (row.initiatedByAccount ? 'this account' : 'them') },
        { header: 'Sent / received', align: 'right', cell: (row) => `${row.messagesSent} / ${row.messagesReceived}` },
        { header: 'Media sent / received', align: 'right', cell: (row) => `${row.mediaSent} / ${row.mediaReceived}` },
        { header: 'First', className: 'text-slate-600', cell: (row) => row.first },
        { header: 'Last', className: 'text-slate-600', cell: (row) => row.last },
      ]}
    />
  );
}
