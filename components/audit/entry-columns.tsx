import Link from 'next/link';
import type { Column } from '@/components/ui/data-table';
import type { EntryLead } from './entry-row';

/** An audit entry's number, linking to its page. */
export function EntryLink({ seq }: { seq: number }) {
  return (
    <Link href={`/audit/${seq}`} className="text-sky-700 underline" aria-label={`Entry ${seq}`}>
      {seq}
    </Link>
  );
}

/** The columns every list of audit entries starts with: the entry (a link to its page), when, who, what. */
export const ENTRY_LEAD_COLUMNS: Column<EntryLead>[] = [
  {
    header: 'Seq',
    align: 'right',
    cell: (entry) => <EntryLink seq={entry.seq} />,
  },
  { header: 'Time (UTC)', className: 'whitespace-nowrap tabular-nums', cell: (entry) => entry.at },
  { header: 'Actor', cell: (entry) => entry.actor },
  { header: 'Action', className: 'font-mono text-xs', cell: (entry) => entry.action },
];
