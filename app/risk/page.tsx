import Link from 'next/link';
import { FilterLinks } from '@/components/ui/filter-bar';
import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { formatDateTime } from '@/components/format';
import { riskRow } from '@/components/risk/risk-row';
import { RiskTable } from '@/components/risk/risk-table';
import { DataTable } from '@/components/ui/data-table';
import { signalLabel } from '@/lib/risk/labels';
import { PATTERN_LABELS, RISK_PATTERNS, type RiskPattern } from '@/lib/risk/patterns';
import { listRiskAccounts } from '@/lib/risk/queries';
import { signalConfirmationRates } from '@/lib/risk/review';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound } from '@/server/page-input';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Grooming risk · Lookout' };

type Search = Record<string, string | string[] | undefined>;

interface View {
  patterns: RiskPattern[];
  quiet: boolean;
  after?: string;
}

function readView(search: Search): View {
  const values = (key: string) => [search[key] ?? []].flat();
  const patterns = values('pattern').filter((p): p is RiskPattern => (RISK_PATTERNS as readonly string[]).includes(p));
  return { patterns, quiet: values('quiet')[0] === '1', after: values('after')[0] || undefined };
}

/** The view in the URL, so it can be shared: patterns, whether dismissed accounts show, the page. */
function viewHref(view: View): string {
  const params = new URLSearchParams();
  for (const pattern of view.patterns) params.append('pattern', pattern);
  if (view.quiet) params.set('quiet', '1');
  if (view.after) params.set('after', view.after);
  const query = params.toString();
  return query ? `/risk?${query}` : '/risk';
}

function toggle(view: View, pattern: RiskPattern): string {
  const patterns = view.patterns.includes(pattern) ? view.patterns.filter((p) => p !== pattern) : [...view.patterns, pattern];
  return viewHref({ ...view, patterns, after: undefined });
}

/** Accounts ranked by grooming risk, with the reasons behind each score. */
export default async function RiskPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePageContext('risk:read');
  const view = readView(await searchParams);
  const [{ items, next }, rates] = await Promise.all([
    loadOrNotFound(listRiskAccounts(ctx, { limit: 50, patterns: view.patterns, includeQuiet: view.quiet, after: view.after })),
    signalConfirmationRates(ctx),
  ]);
  const asOf = items[0]?.asOf;

  return (
    <>
      <PageHeader
        title="Grooming risk"
        description={
          asOf
            ? `Accounts whose behaviour fits grooming patterns, highest score first. Scores as of ${formatDateTime(asOf)}; a score is the sum of its reasons.`
            : 'Accounts whose behaviour fits grooming patterns, highest score first.'
        }
      />
      <FilterLinks
        label="Filter by pattern"
        title="Patterns:"
        current="true"
        links={RISK_PATTERNS.filter((p) => p !== 'other').map((pattern) => ({
          key: pattern,
          label: PATTERN_LABELS[pattern],
          href: toggle(view, pattern),
          current: view.patterns.includes(pattern),
        }))}
      >
        <Link href={viewHref({ ...view, quiet: !view.quiet, after: undefined })} className="ml-2 text-sky-700 underline">
          {view.quiet ? 'Hide dismissed accounts' : 'Show dismissed accounts'}
        </Link>
      </FilterLinks>
      {items.length === 0 ? (
        <EmptyState>{view.patterns.length ? 'No account raises all of these patterns.' : 'No account has risk signals. Run `lookout score` after an import.'}</EmptyState>
      ) : (
        <RiskTable rows={items.map(riskRow)} />
      )}
      {next ? (
        <div className="mt-4">
          <Link href={viewHref({ ...view, after: next })} className="text-sm text-sky-700 underline">
            Next page →
          </Link>
        </div>
      ) : null}
      <div className="mt-6 max-w-xl">
        <Card title="How often each signal was confirmed">
          {rates.length === 0 ? (
            <EmptyState>No reviews yet. Confirm or dismiss an account’s signals on its risk page to start this count.</EmptyState>
          ) : (
            <DataTable
              label="Confirmation rate by signal"
              rows={rates}
              rowKey={(rate) => rate.code}
              columns={[
                { header: 'Signal', cell: (rate) => signalLabel(rate.code) },
                { header: 'Reviewed', align: 'right', cell: (rate) => rate.reviewed },
                { header: 'Confirmed', align: 'right', cell: (rate) => `${rate.confirmed} (${Math.round(rate.rate * 100)}%)` },
              ]}
            />
          )}
        </Card>
      </div>
    </>
  );
}
