import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { ErrorBox } from '@/components/ui/message';
import { PageHeader } from '@/components/ui/page';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import type { AuditRow } from '@/lib/audit/log';
import { auditQuerySchema, listAuditEntries, type AuditQuery } from '@/lib/audit/query';
import { currentRequestAddress, requirePagePermission } from '@/server/guard';
import { VerifyChainButton } from './verify-button';

export const metadata = { title: 'Audit log · Lookout' };

type Filters = Omit<AuditQuery, 'before' | 'after'>;
const FILTERS = [
  { name: 'actor', label: 'Actor email' },
  { name: 'action', label: 'Action' },
  { name: 'targetType', label: 'Target type' },
  { name: 'targetId', label: 'Target id' },
] as const;

function pageHref(filters: Filters, cursor: { before?: number; after?: number }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...cursor })) if (value !== undefined) params.set(key, String(value));
  return `/audit?${params}`;
}

function actorLabel(entry: AuditRow): string {
  if (entry.actorType === 'staff') return `${entry.actorEmail} (${entry.actorRole})`;
  return `${entry.actorType}:${entry.actorId}`;
}

/** Admins read the log newest first, filtered through the URL (so a view can be shared); reading it is audited. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission('audit:read');
  const raw = await searchParams;
  const parsed = auditQuerySchema.safeParse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])));
  const query = parsed.success ? parsed.data : {};
  const { before, after, ...filters } = query as AuditQuery;
  const page = await listAuditEntries(await getDb(), actor, query, { requestAddress: await currentRequestAddress() });

  return (
    <div className="space-y-5">
      <PageHeader
        title="Audit log"
        description="Every change and every view of sensitive data, hash-chained. Opening this page is recorded too."
        actions={<VerifyChainButton />}
      />

      {!parsed.success && <ErrorBox>A filter was too long and has been ignored.</ErrorBox>}

      <form method="get" action="/audit" className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
        {FILTERS.map((filter) => (
          <Field key={filter.name} label={filter.label}>
            <input name={filter.name} defaultValue={filters[filter.name] ?? ''} className={`${inputClass} w-48`} />
          </Field>
        ))}
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        <Link href="/audit" className="py-1.5 text-sm text-slate-600 underline">
          Clear
        </Link>
      </form>

      {page.entries.length === 0 ? (
        <p className="text-sm text-slate-600">No entries match{before || after ? ' on this page' : ''}.</p>
      ) : (
        <DataTable
          label="Audit entries"
          rows={page.entries}
          rowKey={(entry) => entry.seq}
          columns={[
            { header: 'Seq', align: 'right', className: 'text-slate-600', cell: (entry) => entry.seq },
            { header: 'Time (UTC)', className: 'whitespace-nowrap tabular-nums', cell: (entry) => entry.at.toISOString().replace('T', ' ').slice(0, 19) },
            { header: 'Actor', cell: (entry) => actorLabel(entry) },
            { header: 'Action', className: 'font-mono text-xs', cell: (entry) => entry.action },
            {
              header: 'Target',
              cell: (entry) => (
                <>
                  {entry.targetType}
                  {entry.targetId && <span className="block font-mono text-xs text-slate-600">{entry.targetId}</span>}
                </>
              ),
            },
            {
              header: 'Details',
              className: 'max-w-md',
              cell: (entry) => (
                <>
                  {entry.reason && <p className="mb-1">{entry.reason}</p>}
                  {Object.keys(entry.changes as object).length > 0 && (
                    <code className="block whitespace-pre-wrap break-all text-xs text-slate-600">{JSON.stringify(entry.changes)}</code>
                  )}
                </>
              ),
            },
            { header: 'Address', className: 'font-mono text-xs text-slate-600', cell: (entry) => entry.requestAddress },
          ]}
        />
      )}

      <nav aria-label="Audit log pages" className="flex gap-4 text-sm">
        {page.newerThan !== null && (
          <Link href={pageHref(filters, { after: page.newerThan })} className="text-slate-700 underline">
            ← Newer
          </Link>
        )}
        {page.olderThan !== null && (
          <Link href={pageHref(filters, { before: page.olderThan })} className="text-slate-700 underline">
            Older →
          </Link>
        )}
      </nav>
    </div>
  );
}
