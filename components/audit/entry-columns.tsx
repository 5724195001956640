import Link from 'next/link';
import type { Column } from '@/components/ui/data-table';
import type { AuditListEntry } from '@/lib/audit/query';
import { actorLabel, utcSeconds } from './format';

/** The columns every list of audit entries starts with: the entry (a link to its page), when, who, what. */
export const ENTRY_LEAD_COLUMNS: Column<AuditListEntry>[] = [
  {
    header: 'Seq',
    align: 'right',
    cell: (entry) => (
      <Link href={`/audit/${entry.seq}`} className="text-sky-700 underline" aria-label={`Entry ${entry.seq}`}>
        {entry.seq}
      </Link>
    ),
  },
  { header: 'Time (UTC)', className: 'whitespace-nowrap tabular-nums', cell: (entry) => utcSeconds(entry.at) },
  { header: 'Actor', cell: (entry) => actorLabel(entry) },
  { header: 'Action', className: 'font-mono text-xs', cell: (entry) => entry.action },
];
