import Link from 'next/link';
import { EmptyState } from '@/components/ui/message';
import { PageHeader } from '@/components/ui/page';
import { claimedAge, formatDateTime } from '@/components/format';
import { getDb } from '@/db';
import { accountListQuery, listAccounts } from '@/lib/accounts/list';
import { requirePagePermission } from '@/server/guard';

export const dynamic = 'force-dynamic';

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePagePermission('accounts:read');
  const parsed = accountListQuery.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : { q: '' };
  const { rows, nextCursor } = await listAccounts(await getDb(), query);

  return (
    <>
      <PageHeader title="Accounts" description="Search by exact account id or by the start of a username." />
      <form className="mb-4 flex gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          Account id or username
        </label>
        <input
          id="q"
          name="q"
          defaultValue={query.q}
          placeholder="Account id or username prefix"
          className="w-80 rounded border border-slate-300 px-3 py-1.5 text-sm"
        />
        <button className="rounded bg-slate-800 px-3 py-1.5 text-sm text-white">Search</button>
      </form>
      {!parsed.success ? <p className="mb-4 text-sm text-red-700">{parsed.error.issues[0]?.message}</p> : null}
      {rows.length === 0 ? (
        <EmptyState>{query.q ? `No account matches “${query.q}”. Check the id, or try fewer letters of the username.` : 'No accounts imported yet.'}</EmptyState>
      ) : (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th className="px-3 py-2 font-medium">Username</th>
              <th className="px-3 py-2 font-medium">Account id</th>
              <th className="px-3 py-2 font-medium">Claimed age</th>
              <th className="px-3 py-2 font-medium">Age check</th>
              <th className="px-3 py-2 font-medium">Country</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 font-medium">Joined</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.accountId} className="border-b border-slate-100 last:border-0">
                <td className="px-3 py-1.5">
                  <Link href={`/accounts/${encodeURIComponent(row.accountId)}`} className="text-sky-700 hover:underline">
                    {row.username}
                  </Link>
                  {row.displayName ? <span className="ml-2 text-slate-500">{row.displayName}</span> : null}
                </td>
                <td className="px-3 py-1.5 font-mono text-xs">{row.accountId}</td>
                <td className="px-3 py-1.5">{claimedAge(row.claimedBirthdate)}</td>
                <td className="px-3 py-1.5">{row.ageAssurance}</td>
                <td className="px-3 py-1.5">{row.country}</td>
                <td className="px-3 py-1.5">{row.status}</td>
                <td className="px-3 py-1.5 text-slate-600">{formatDateTime(row.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor ? (
        <div className="mt-4">
          <Link
            href={`/accounts?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), after: nextCursor })}`}
            className="text-sm text-sky-700 hover:underline"
          >
            Next page →
          </Link>
        </div>
      ) : null}
    </>
  );
}
