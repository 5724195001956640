import Link from 'next/link';
import { Card } from '@/components/ui/page';
import type { RequestDetail } from '@/lib/police/queries';
import { DataTable } from '@/components/ui/data-table';
import { Pill } from '@/components/ui/pill';

const RESOLUTION_TEXT = {
  account_id: 'matched account id',
  username: 'matched username',
  unknown: 'Unknown — no account matches',
  ambiguous: 'Ambiguous — several accounts use this username',
} as const;

export function TargetsSection({ detail }: { detail: RequestDetail }) {
  return (
    <Card title="Accounts named in the request">
      <DataTable
        label="Accounts named"
        rows={detail.targets}
        rowKey={(target) => target.id}
        rowProps={(target) => ({ 'data-testid': `target-${target.identifier}` })}
        columns={[
          { header: 'As given', className: 'font-mono', cell: (target) => target.identifier },
          {
            header: 'Account',
            cell: (target) =>
              target.accountId ? (
                <>
                  <Link className="font-mono text-sky-700 underline" href={`/accounts/${encodeURIComponent(target.accountId)}`}>
                    {target.accountId}
                  </Link>{' '}
                  <span className="text-xs text-slate-600">({RESOLUTION_TEXT[target.resolution]})</span>
                </>
              ) : (
                <Pill tone="warning">{RESOLUTION_TEXT[target.resolution]}</Pill>
              ),
          },
          { header: 'Decision', cell: (target) => (target.decision ? target.decision.replaceAll('_', ' ') : 'not decided') },
          { header: 'Reason', cell: (target) => target.decisionReason ?? '' },
        ]}
      />
    </Card>
  );
}
