import Link from 'next/link';
import { utcSeconds } from '@/components/audit/format';
import { Pill } from '@/components/ui/pill';
import { can } from '@/lib/auth/permissions';
import { loadChainStatus } from '@/lib/audit/status';
import type { GuardContext } from '@/server/guard';
import { appAuditAnchor } from '@/server/startup';
import { VerifyButtons } from './verify-buttons';

const short = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : '—');

/**
 * The chain badge: what the newest verification found (green, or red naming the first bad entry),
 * how far it walked, the checkpoint signed after it, when and by whom; and the buttons to verify now.
 */
export async function ChainStatus({ ctx }: { ctx: GuardContext }) {
  const status = await loadChainStatus(ctx, { anchor: await appAuditAnchor() });
  const { latest, lastPassed } = status;
  const tone = status.state === 'intact' ? 'border-emerald-300 bg-emerald-50' : status.state === 'broken' ? 'border-red-400 bg-red-50' : 'border-slate-300 bg-slate-50';
  return (
    <section aria-label="Chain status" data-testid="chain-status" data-state={status.state} className={`rounded-lg border p-3 text-sm text-slate-900 ${tone}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <h2 className="font-semibold">
            {status.state === 'intact' ? (
              <Pill tone="success">Chain intact</Pill>
            ) : status.state === 'broken' ? (
              <Pill tone="alarm">Chain broken</Pill>
            ) : (
              <Pill tone="muted">Not verified yet</Pill>
            )}{' '}
            {status.state === 'broken' && latest?.failedSeq ? (
              <span data-testid="chain-failed-entry">
                at{' '}
                <Link href={`/audit/${latest.failedSeq}`} className="text-red-900 underline">
                  entry {latest.failedSeq}
                </Link>
              </span>
            ) : null}
          </h2>
          {status.state === 'broken' && latest ? <p className="text-red-900">{latest.problem}</p> : null}
          {latest ? (
            <p>
              {latest.mode === 'incremental' ? 'Incremental' : 'Full'} verification on {utcSeconds(latest.at)} UTC by {latest.actorEmail ?? 'unknown'}:{' '}
              {latest.ok
                ? `${latest.entriesChecked} entries checked (seq ${latest.fromSeq}–${latest.toSeq ?? latest.fromSeq}), head hash ${short(latest.toHash)}`
                : `${latest.entriesChecked} entries checked from seq ${latest.fromSeq} before the break`}
              .
            </p>
          ) : (
            <p>No one has verified the chain in the app yet.</p>
          )}
          {latest?.checkpointSeq ? (
            <p>
              Checkpoint at seq {latest.checkpointSeq} ({short(latest.checkpointHash)}) signed by key {latest.checkpointKeyId}
              {status.checkpointSigned === true ? ', signature valid for the configured key' : status.checkpointSigned === false ? ', signature NOT valid for the configured key' : ''}.
            </p>
          ) : latest && !latest.anchored ? (
            <p>No audit signing key is configured: nothing outside the database vouches for the log.</p>
          ) : null}
          {status.state === 'broken' && lastPassed ? <p>The last passing verification was on {utcSeconds(lastPassed.at)} UTC; only a full verification that passes clears this.</p> : null}
          {status.head ? (
            <p className="text-slate-700">
              Head: seq {status.head.seq}
              {status.uncheckedEntries !== null ? ` · ${status.uncheckedEntries} entries appended since the last passing verification` : ''}.
            </p>
          ) : null}
        </div>
        {can(ctx.actor.role, 'audit:verify') ? <VerifyButtons /> : null}
      </div>
    </section>
  );
}
