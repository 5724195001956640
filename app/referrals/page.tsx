import Link from 'next/link';
import { formatDateTime } from '@/components/format';
import { FilterLinks } from '@/components/ui/filter-bar';
import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { REFERRAL_GROUND_LABELS, REFERRAL_STATUSES } from '@/lib/police/contract';
import { listReferrals, referralInboxSchema } from '@/lib/police/referrals';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound } from '@/server/page-input';

export const metadata = { title: 'Referrals · Lookout' };
export const dynamic = 'force-dynamic';

export default async function ReferralsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext('referrals:handle');
  const search = await searchParams;
  const parsed = referralInboxSchema.safeParse({ status: search.status || undefined, after: search.after || undefined });
  const input = parsed.success ? parsed.data : referralInboxSchema.parse({});
  const page = await loadOrNotFound(listReferrals(ctx, input));
  return (
    <>
      <PageHeader title="Referrals" description="Accounts moderators referred to liaison for imminent danger or exploitation." />
      <FilterLinks
        label="Filter by status"
        links={REFERRAL_STATUSES.map((status) => ({ key: status, label: status, href: `/referrals?status=${status}`, current: input.status === status }))}
      />
      <Card title={`${input.status[0]!.toUpperCase()}${input.status.slice(1)} referrals`}>
        {page.rows.length === 0 ? (
          <EmptyState>No {input.status} referrals.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" aria-label="Referrals">
            {page.rows.map((row) => (
              <li key={row.id} className="py-2">
                <Link className="font-medium text-sky-700 underline" href={`/referrals/${row.id}`}>
                  {row.username ?? row.accountId}
                </Link>{' '}
                <span className="text-slate-600">
                  · {REFERRAL_GROUND_LABELS[row.ground]} · by {row.referredByEmail}, {formatDateTime(row.createdAt)}
                </span>
                <p className="mt-0.5 line-clamp-2 text-slate-700">{row.summary}</p>
              </li>
            ))}
          </ul>
        )}
        {page.next ? (
          <p className="mt-3 text-sm">
            <Link className="text-sky-700 underline" href={`/referrals?${new URLSearchParams({ status: input.status, after: page.next })}`}>
              Older referrals →
            </Link>
          </p>
        ) : null}
      </Card>
    </>
  );
}
