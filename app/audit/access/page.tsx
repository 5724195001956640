import Link from 'next/link';
import { burstRow, flagRow } from '@/components/audit/access-rows';
import { BurstTable, FlagTable } from '@/components/audit/access-tables';
import { compactInputClass } from '@/components/ui/field';
import { DateRangeFields, FilterBar, FilterField } from '@/components/ui/filter-bar';
import { EmptyState, ErrorBox } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { findUnusualAccess, unusualAccessSchema } from '@/lib/audit/access';
import { DomainError } from '@/lib/errors';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound } from '@/server/page-input';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Access oversight · Lookout' };

/** Across staff, over a period: looks at accounts that stand out, each linked to its entries. */
export default async function AccessOversightPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext('audit:read');
  const raw = await searchParams;
  const parsed = unusualAccessSchema.safeParse(raw);
  let problem = parsed.success ? null : parsed.error.issues[0]?.message;
  let found;
  try {
    found = await findUnusualAccess(ctx, parsed.success ? parsed.data : {});
  } catch (error) {
    // A period too long (or backwards) is the person's input: say so and show the default week.
    if (!(error instanceof DomainError) || error.code !== 'invalid_input') throw error;
    problem = error.message;
    found = await loadOrNotFound(findUnusualAccess(ctx, {}));
  }
  const children = found.flags.filter((flag) => flag.kind === 'child_without_basis');
  const held = found.flags.filter((flag) => flag.kind === 'held_not_on_request');

  return (
    <div className="space-y-5">
      <PageHeader
        title="Access oversight"
        description="Who looked at which account's data, and which looks stand out. Views behind an assigned item, a police request or a referral are ordinary."
        actions={
          <Link href="/audit" className="text-sm underline">
            Audit log
          </Link>
        }
      />
      {problem ? <ErrorBox>{problem}; showing the last seven days.</ErrorBox> : null}
      <FilterBar label="Period and burst" submitLabel="Show">
        <DateRangeFields from={found.from} to={found.to} inputClassName={compactInputClass} />
        <FilterField label="Burst: accounts">
          <input type="number" name="burstAccounts" min={2} max={1000} defaultValue={found.burstAccounts} className={`${compactInputClass} w-28`} />
        </FilterField>
        <FilterField label="within minutes">
          <input type="number" name="burstMinutes" min={1} max={1440} defaultValue={found.burstMinutes} className={`${compactInputClass} w-28`} />
        </FilterField>
      </FilterBar>
      <p className="text-sm text-slate-700">
        {found.viewsScanned} views of account data from {found.from} to {found.to}.
      </p>

      <Card title="Child accounts viewed with nothing behind the view">
        {children.length === 0 ? (
          <EmptyState>Every view of a child account in this period had an assigned item, a police request or a referral behind it.</EmptyState>
        ) : (
          <FlagTable label="Child accounts viewed with nothing behind the view" rows={children.map(flagRow)} />
        )}
      </Card>
      <Card title="Held accounts viewed by staff not on the request">
        {held.length === 0 ? (
          <EmptyState>No account under a preservation hold was viewed by anyone outside its request.</EmptyState>
        ) : (
          <FlagTable label="Held accounts viewed by staff not on the request" rows={held.map(flagRow)} />
        )}
      </Card>
      <Card title={`Bursts: ${found.burstAccounts} or more accounts within ${found.burstMinutes} minutes`}>
        {found.bursts.length === 0 ? (
          <EmptyState>Nobody viewed that many accounts that quickly.</EmptyState>
        ) : (
          <BurstTable rows={found.bursts.map(burstRow)} />
        )}
      </Card>
    </div>
  );
}
