import Link from 'next/link';
import { EmptyState, ErrorBox } from '@/components/ui/message';
import { PageHeader } from '@/components/ui/page';
import { claimedAge, formatDateTime } from '@/components/format';
import { AccountsTable } from '@/components/accounts/accounts-table';
import { compactInputClass } from '@/components/ui/field';
import { FilterBar, FilterField } from '@/components/ui/filter-bar';
import { accountListQuery, listAccounts } from '@/lib/accounts/list';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound } from '@/server/page-input';

export const dynamic = 'force-dynamic';

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext('accounts:read');
  const parsed = accountListQuery.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : { q: '' };
  const { rows, nextCursor } = await loadOrNotFound(listAccounts(ctx, query));

  return (
    <>
      <PageHeader title="Accounts" description="Search by exact account id, the start of a username or display name, or a device cluster." />
      <FilterBar label="Search accounts" submitLabel="Search" search>
        <FilterField label="Account id, username, display name or device cluster">
          <input name="q" defaultValue={query.q} placeholder="Id, username, display name or device" className={`${compactInputClass} w-80`} />
        </FilterField>
      </FilterBar>
      {!parsed.success ? <ErrorBox className="mb-4">{parsed.error.issues[0]?.message}</ErrorBox> : null}
      {rows.length === 0 ? (
        <EmptyState>{query.q ? `No account matches “${query.q}”. Check the id, or try fewer letters of the name.` : 'No accounts imported yet.'}</EmptyState>
      ) : (
        <AccountsTable
          rows={rows.map((row) => ({
            accountId: row.accountId,
            username: row.username,
            displayName: row.displayName,
            deviceCluster: row.deviceCluster,
            claimedAge: claimedAge(row.claimedBirthdate),
            ageAssurance: row.ageAssurance,
            country: row.country,
            status: row.status,
            joined: formatDateTime(row.createdAt),
          }))}
        />
      )}
      {nextCursor ? (
        <div className="mt-4">
          <Link
            href={`/accounts?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), after: nextCursor })}`}
            className="text-sm text-sky-700 underline"
          >
            Next page →
          </Link>
        </div>
      ) : null}
    </>
  );
}
