import Link from 'next/link';
import { Card } from '@/components/ui/page';
import type { RequestDetail } from '@/lib/police/queries';

const RESOLUTION_TEXT = {
  account_id: 'matched account id',
  username: 'matched username',
  unknown: 'Unknown — no account matches',
  ambiguous: 'Ambiguous — several accounts use this username',
} as const;

export function TargetsSection({ detail }: { detail: RequestDetail }) {
  return (
    <Card title="Accounts named in the request">
      <table className="w-full text-sm" aria-label="Accounts named">
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-500">
            <th className="py-1.5 pr-3 font-medium">As given</th>
            <th className="py-1.5 pr-3 font-medium">Account</th>
            <th className="py-1.5 pr-3 font-medium">Decision</th>
            <th className="py-1.5 pr-3 font-medium">Reason</th>
          </tr>
        </thead>
        <tbody>
          {detail.targets.map((target) => (
            <tr key={target.id} className="border-b border-slate-100" data-testid={`target-${target.identifier}`}>
              <td className="py-1.5 pr-3 font-mono">{target.identifier}</td>
              <td className="py-1.5 pr-3">
                {target.accountId ? (
                  <>
                    <Link className="font-mono text-sky-700 hover:underline" href={`/accounts/${encodeURIComponent(target.accountId)}`}>
                      {target.accountId}
                    </Link>{' '}
                    <span className="text-xs text-slate-500">({RESOLUTION_TEXT[target.resolution]})</span>
                  </>
                ) : (
                  <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">{RESOLUTION_TEXT[target.resolution]}</span>
                )}
              </td>
              <td className="py-1.5 pr-3">{target.decision ? target.decision.replaceAll('_', ' ') : 'not decided'}</td>
              <td className="py-1.5 pr-3">{target.decisionReason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
