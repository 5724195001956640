import Link from 'next/link';
import { Button, buttonClass } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { EmptyState, ErrorBox } from '@/components/ui/message';
import { PageHeader } from '@/components/ui/page';
import { auditViewHref, filterOf, listAuditEntries, parseAuditQuery, type AuditFilter } from '@/lib/audit/query';
import { requirePageContext } from '@/server/guard';
import { AuditEntriesTable } from '@/components/audit/audit-entries-table';
import { auditEntryRow } from '@/components/audit/entry-row';
import { ChainStatus } from './_components/chain-status';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Audit log · Lookout' };

const FIELDS: { name: keyof AuditFilter; label: string; hint?: string; type?: string; width: string }[] = [
  { name: 'actor', label: 'Actor', hint: 'Part of a name or email', width: 'w-48' },
  { name: 'actions', label: 'Actions', hint: 'e.g. triage.resolve, police.*', width: 'w-56' },
  { name: 'targetType', label: 'Target type', hint: 'e.g. account, queue_item', width: 'w-36' },
  { name: 'targetId', label: 'Target id', width: 'w-48' },
  { name: 'account', label: 'About account', hint: 'The account and its report items', width: 'w-40' },
  { name: 'from', label: 'From (UTC)', type: 'date', width: 'w-40' },
  { name: 'to', label: 'To (UTC)', type: 'date', width: 'w-40' },
  { name: 'q', label: 'Text', hint: 'Words in reasons and details', width: 'w-48' },
];

/** The audit explorer: who did what, to whom, when and why, filtered through the URL (a view can be shared); reading it is audited. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext('audit:read');
  const { query, problems } = parseAuditQuery(await searchParams);
  const filter = filterOf(query);
  const page = await listAuditEntries(ctx, query);
  const filtered = Object.keys(filter).length > 0;
  const exportQuery = auditViewHref(filter, {}, '').replace(/^\?/, '');

  return (
    <div className="space-y-5">
      <PageHeader
        title="Audit log"
        description="Every change and every view of sensitive data, hash-chained and signed. Opening this page is recorded too."
        actions={
          <Link href="/audit/access" className={buttonClass('secondary')}>
            Access oversight
          </Link>
        }
      />
      <ChainStatus ctx={ctx} />

      {problems.map((problem) => (
        <ErrorBox key={problem}>Ignored {problem}</ErrorBox>
      ))}

      <form method="get" action="/audit" role="search" aria-label="Filter the audit log" className="flex flex-wrap items-start gap-3 rounded-lg border border-slate-200 bg-white p-3">
        {FIELDS.map((field) => (
          <div key={field.name} className={field.width}>
            <Field label={field.label} hint={field.hint}>
              <input name={field.name} type={field.type ?? 'text'} defaultValue={filter[field.name] ?? ''} className={inputClass} />
            </Field>
          </div>
        ))}
        <div className="flex items-center gap-3 pt-6">
          <Button type="submit">Filter</Button>
          <Link href="/audit" className="text-sm text-slate-700 underline">
            Clear
          </Link>
        </div>
      </form>

      <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-700">
        <p data-testid="resolved-filter">
          {page.actors !== null ? (
            <>
              Actor matches:{' '}
              {page.actors.length === 0 ? 'no staff member (an exact system or integration id still matches)' : page.actors.map((actor) => actor.email).join(', ')}.{' '}
            </>
          ) : null}
          {page.actions !== null ? <>Actions: {page.actions.length === 0 ? 'none match' : page.actions.join(', ')}. </> : null}
          {filter.q && !page.searched ? 'The text has no word to search for. ' : null}
          {filtered ? null : 'Showing every entry, newest first.'}
        </p>
        <div className="flex gap-2">
          <a href={`/api/audit/export?format=csv${exportQuery ? `&${exportQuery}` : ''}`} className={buttonClass('secondary')} download>
            Export CSV
          </a>
          <a href={`/api/audit/export?format=ndjson${exportQuery ? `&${exportQuery}` : ''}`} className={buttonClass('secondary')} download>
            Export signed NDJSON
          </a>
        </div>
      </div>

      {page.entries.length === 0 ? (
        <EmptyState next={filtered ? <Link href="/audit" className="underline">Show every entry</Link> : undefined}>
          No entries match{query.before || query.after ? ' on this page' : ''}.
        </EmptyState>
      ) : (
        <AuditEntriesTable rows={page.entries.map(auditEntryRow)} />
      )}

      <nav aria-label="Audit log pages" className="flex gap-4 text-sm">
        {page.newerThan !== null && (
          <Link href={auditViewHref(filter, { after: page.newerThan })} className="text-slate-700 underline">
            ← Newer
          </Link>
        )}
        {page.olderThan !== null && (
          <Link href={auditViewHref(filter, { before: page.olderThan })} className="text-slate-700 underline">
            Older →
          </Link>
        )}
      </nav>
    </div>
  );
}
