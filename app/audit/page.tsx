import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
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
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold text-slate-800">Audit log</h1>
          <p className="text-sm text-slate-500">Every change and every view of sensitive data, hash-chained. Opening this page is recorded too.</p>
        </div>
        <VerifyChainButton />
      </div>

      {!parsed.success && (
        <p role="alert" className="text-sm text-red-700">
          A filter was too long and has been ignored.
        </p>
      )}

      <form method="get" action="/audit" className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
        {FILTERS.map((filter) => (
          <label key={filter.name} className="block text-sm font-medium text-slate-700">
            {filter.label}
            <input name={filter.name} defaultValue={filters[filter.name] ?? ''} className={`${inputClass} mt-1 w-48`} />
          </label>
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
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-500">
                {['Seq', 'Time (UTC)', 'Actor', 'Action', 'Target', 'Details', 'Address'].map((heading) => (
                  <th key={heading} className="py-2 pr-4 font-medium">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.entries.map((entry) => (
                <tr key={entry.seq} className="border-b border-slate-100 align-top">
                  <td className="py-2 pr-4 tabular-nums text-slate-500">{entry.seq}</td>
                  <td className="whitespace-nowrap py-2 pr-4 tabular-nums">{entry.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
                  <td className="py-2 pr-4">{actorLabel(entry)}</td>
                  <td className="py-2 pr-4 font-mono text-xs">{entry.action}</td>
                  <td className="py-2 pr-4">
                    {entry.targetType}
                    {entry.targetId && <span className="block font-mono text-xs text-slate-500">{entry.targetId}</span>}
                  </td>
                  <td className="max-w-md py-2 pr-4">
                    {entry.reason && <p className="mb-1">{entry.reason}</p>}
                    {Object.keys(entry.changes as object).length > 0 && (
                      <code className="block whitespace-pre-wrap break-all text-xs text-slate-600">{JSON.stringify(entry.changes)}</code>
                    )}
                  </td>
                  <td className="py-2 pr-4 font-mono text-xs text-slate-500">{entry.requestAddress}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
