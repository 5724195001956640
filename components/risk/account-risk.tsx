import Link from 'next/link';
import { Card } from '@/components/ui/page';
import { formatDateTime } from '@/components/format';
import { PatternBadge } from '@/components/risk/chips';
import type { accountRiskSummary } from '@/lib/risk/account';
import { PATTERN_LABELS } from '@/lib/risk/patterns';

export type AccountRiskSummary = Awaited<ReturnType<typeof accountRiskSummary>>;

/** On an account's page: its grooming-risk score and the pattern flags moderators confirmed (the page loads them). */
export function AccountRisk({ accountId, summary: { score, flags } }: { accountId: string; summary: AccountRiskSummary }) {
  return (
    <Card title="Grooming risk">
      <p className="text-sm">
        {score ? (
          <>
            Score <strong className="tabular-nums">{score.score}</strong>{' '}
            {score.patterns.map((p) => (
              <PatternBadge key={p} pattern={p} />
            ))}{' '}
          </>
        ) : (
          'No risk signals in the latest scoring. '
        )}
        <Link href={`/risk/${encodeURIComponent(accountId)}`} className="text-sky-700 underline">
          Explanation
        </Link>
      </p>
      {flags.length > 0 ? (
        <ul className="mt-2 space-y-1 text-sm" aria-label="Pattern flags">
          {flags.map((flag) => (
            <li key={flag.id}>
              <strong>Flag: {PATTERN_LABELS[flag.pattern]}</strong> — {flag.rationale} <span className="text-slate-600">({formatDateTime(flag.createdAt)})</span>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
