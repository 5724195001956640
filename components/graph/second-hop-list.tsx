import Link from 'next/link';
import { AGE_BAND_LABELS, formatNumber } from '@/components/format';
import { Pill } from '@/components/ui/pill';
import type { SecondHop } from '@/lib/graph/second-hop';

/** The second hop (lib/graph/second-hop.ts) as a ranked list of links. */
export function SecondHopList({ hop, childrenHref }: { hop: SecondHop; childrenHref: string }) {
  if (hop.children === 0) return <p className="text-sm text-slate-700">This account has no conversation with a minor.</p>;
  return (
    <>
      <p className="mb-2 text-sm text-slate-700">
        Accounts that are not minors and talk to at least {hop.limits.minShared} of the{' '}
        <Link href={childrenHref} className="text-sky-700 underline">
          {formatNumber(hop.children)} {hop.children === 1 ? 'child' : 'children'}
        </Link>{' '}
        this account reached{hop.childrenCapped ? ` (the ${formatNumber(hop.limits.childCap)} most recent)` : ''}, most shared first.
      </p>
      {hop.accounts.length === 0 ? (
        <p className="text-sm text-slate-700" data-testid="second-hop-none">
          No other adult talks to more than one of them.
        </p>
      ) : (
        <ol className="space-y-1 text-sm" aria-label="Other adults who write to these children" data-testid="second-hop">
          {hop.accounts.map((other) => (
            <li key={other.id}>
              <Link href={`/accounts/${encodeURIComponent(other.id)}`} className="text-sky-700 underline">
                {other.username ?? other.id}
              </Link>{' '}
              <span className="text-slate-700">
                ({AGE_BAND_LABELS[other.band].toLowerCase()}) — {formatNumber(other.sharedChildren)} of the same children, wrote first to {formatNumber(other.wroteFirstTo)}
                {other.riskScore ? `, risk ${Math.round(other.riskScore)}` : ''}
              </span>
              {other.sameDevice ? <Pill tone="danger">same device</Pill> : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
