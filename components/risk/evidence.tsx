import Link from 'next/link';
import { claimedAge, formatDateTime } from '@/components/format';
import type { viewRiskAccount } from '@/lib/risk/account';
import type { RiskSignal } from '@/lib/risk/queries';

type RiskAccountView = NonNullable<Awaited<ReturnType<typeof viewRiskAccount>>>;

const accountLink = (id: string, name: string) => (
  <Link href={`/accounts/${encodeURIComponent(id)}`} className="text-sky-700 underline">
    {name}
  </Link>
);

/** What one signal points at: the conversations, blocks, device-mates or reports behind it. */
export function SignalEvidence({ signal, view }: { signal: RiskSignal; view: RiskAccountView }) {
  const ids = signal.details.accounts ?? [];
  const reportIds = new Set(signal.details.reports ?? []);
  if (signal.code === 'blocked_by_minors') {
    return (
      <EvidenceList summary={`${ids.length} blocks`}>
        {ids.map((id) => {
          const block = view.blocks.get(id);
          const who = view.people.get(id);
          return (
            <li key={id}>
              {accountLink(id, who?.username ?? id)} ({claimedAge(who?.claimedBirthdate ?? null)}) blocked it
              {block ? ` on ${formatDateTime(block.blockedAt)}` : ''}
            </li>
          );
        })}
      </EvidenceList>
    );
  }
  if (signal.code === 'device_shared_with_adult') {
    return (
      <EvidenceList summary={`${ids.length} accounts on the same device`}>
        {ids.map((id) => {
          const who = view.people.get(id);
          return (
            <li key={id}>
              {accountLink(id, who?.username ?? id)} — claims {claimedAge(who?.claimedBirthdate ?? null)}, age check {who?.ageAssurance ?? '—'}
            </li>
          );
        })}
      </EvidenceList>
    );
  }
  if (ids.length > 0) {
    const conversations = ids.flatMap((id) => view.conversations.get(id) ?? []);
    return (
      <EvidenceList summary={`${conversations.length} conversations`}>
        {conversations.map((c) => (
          <li key={c.otherId}>
            {accountLink(c.otherId, c.otherUsername)} ({claimedAge(c.otherBirthdate)}) · {c.startedByAccount ? 'it wrote first' : 'they wrote first'} ·
            messages {c.messagesFromAccount} from it / {c.messagesFromOther} back · media {c.mediaFromAccount} / {c.mediaFromOther} back · since{' '}
            {formatDateTime(c.firstContactAt)}
          </li>
        ))}
      </EvidenceList>
    );
  }
  if (reportIds.size > 0) {
    const cited = view.reports.filter((r) => reportIds.has(r.reportId));
    return (
      <EvidenceList summary={`${cited.length} reports`}>
        {cited.map((r) => (
          <li key={r.reportId}>
            <span className="font-mono text-xs">{r.reportId}</span> · {r.category.replaceAll('_', ' ')} · {r.source} · {formatDateTime(r.createdAt)}
            {r.description ? <q className="ml-1 italic">{r.description}</q> : null}
          </li>
        ))}
      </EvidenceList>
    );
  }
  return null;
}

function EvidenceList({ summary, children }: { summary: string; children: React.ReactNode }) {
  return (
    <details className="mt-1 text-sm">
      <summary className="cursor-pointer text-sky-700">Evidence: {summary}</summary>
      <ul className="mt-1 space-y-1 pl-4 text-slate-700">{children}</ul>
    </details>
  );
}
