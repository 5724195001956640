import Link from 'next/link';
import type { ReactNode } from 'react';
import { ENTRY_LEAD_COLUMNS } from '@/components/audit/entry-columns';
import { entryLead } from '@/components/audit/entry-row';
import { actorLabel, utcSeconds } from '@/components/audit/format';
import { ChangesTable } from '@/components/audit/changes-table';
import { DataTable } from '@/components/ui/data-table';
import { Card, PageHeader } from '@/components/ui/page';
import { changesSummary, readableChanges } from '@/lib/audit/changes';
import { auditSeqSchema, loadAuditEntry } from '@/lib/audit/entry';
import { auditViewHref, type AuditListEntry } from '@/lib/audit/query';
import { subjectAccountOf, targetHref, targetLabel } from '@/lib/audit/targets';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Audit entry · Lookout' };

function Neighbours({ title, entries, empty }: { title: string; entries: AuditListEntry[]; empty: string }) {
  return (
    <Card title={title}>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <DataTable
          rows={entries.map((entry) => ({ ...entryLead(entry), changed: entry.reason ?? changesSummary(entry.changes, 120) }))}
          rowKey={(entry) => entry.seq}
          columns={[...ENTRY_LEAD_COLUMNS, { header: 'What changed', className: 'text-xs', cell: (entry) => entry.changed }]}
        />
      )}
    </Card>
  );
}

/** One audit entry: who, what, to whom, when and why; what changed as before and after; the entries around it on the same target. */
export default async function AuditEntryPage({ params }: { params: Promise<{ seq: string }> }) {
  const ctx = await requirePageContext('audit:read');
  const seq = routeSegment((await params).seq, auditSeqSchema);
  const { entry, earlier, later } = await loadOrNotFound(loadAuditEntry(ctx, { seq }));
  const href = targetHref(entry.targetType, entry.targetId);
  const account = subjectAccountOf(entry);
  const facts: { label: string; value: ReactNode }[] = [
    { label: 'When (UTC)', value: utcSeconds(entry.at) },
    { label: 'Actor', value: actorLabel(entry) },
    { label: 'Action', value: <span className="font-mono">{entry.action}</span> },
    {
      label: 'Target',
      value: (
        <>
          {targetLabel(entry.targetType)} {entry.targetId ? <span className="font-mono">{entry.targetId}</span> : null}{' '}
          {href ? (
            <Link href={href} className="text-sky-700 underline">
              open
            </Link>
          ) : null}
        </>
      ),
    },
    ...(account && entry.targetType !== 'account'
      ? [
          {
            label: 'About account',
            value: (
              <Link href={`/accounts/${encodeURIComponent(account)}`} className="font-mono text-sky-700 underline">
                {account}
              </Link>
            ),
          },
        ]
      : []),
    { label: 'Reason', value: entry.reason ?? '—' },
    { label: 'Request address', value: entry.requestAddress ?? '—' },
  ];

  return (
    <>
      <PageHeader
        title={`Audit entry ${entry.seq}`}
        description={`${entry.action} · ${utcSeconds(entry.at)} UTC`}
        actions={
          <div className="flex gap-2 text-sm">
            {entry.seq > 1 ? (
              <Link href={`/audit/${entry.seq - 1}`} className="underline">
                ← Entry {entry.seq - 1}
              </Link>
            ) : null}
            <Link href={`/audit/${entry.seq + 1}`} className="underline">
              Entry {entry.seq + 1} →
            </Link>
          </div>
        }
      />
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="Who, what, to whom, when, why">
          <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1.5 text-sm" data-testid="entry-facts">
            {facts.map((fact) => (
              <div key={fact.label} className="contents">
                <dt className="text-slate-600">{fact.label}</dt>
                <dd className="break-words text-slate-900">{fact.value}</dd>
              </div>
            ))}
          </dl>
          {entry.targetId ? (
            <p className="mt-3 text-sm">
              <Link href={auditViewHref({ targetType: entry.targetType, targetId: entry.targetId })} className="text-sky-700 underline">
                Every entry on this target
              </Link>
            </p>
          ) : null}
        </Card>
        <Card title="What changed">
          <ChangesTable changes={readableChanges(entry.changes)} />
        </Card>
        <div className="xl:col-span-2">
          <Neighbours title="Before it on the same target" entries={earlier} empty={entry.targetId ? 'Nothing earlier on this target.' : 'This entry has no single target.'} />
        </div>
        <div className="xl:col-span-2">
          <Neighbours title="After it on the same target" entries={later} empty={entry.targetId ? 'Nothing later on this target.' : 'This entry has no single target.'} />
        </div>
        <Card title="Chain">
          <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1.5 font-mono text-xs">
            <dt className="font-sans text-slate-600">Hash</dt>
            <dd className="break-all">{entry.hash}</dd>
            <dt className="font-sans text-slate-600">Previous hash</dt>
            <dd className="break-all">{entry.prevHash}</dd>
          </dl>
        </Card>
      </div>
    </>
  );
}
