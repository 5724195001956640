import Link from 'next/link';
import { viewerRow, viewRow } from '@/components/audit/access-rows';
import { ViewersTable, ViewsTable } from '@/components/audit/access-tables';
import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { accountIdParam } from '@/lib/accounts/detail';
import { loadAccountAccess } from '@/lib/audit/access';
import { auditViewHref } from '@/lib/audit/query';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Who viewed an account · Lookout' };

/** For one account: who viewed its page, its contacts, its reports' text, its risk page, when, and what stood behind each look. */
export default async function AccountAccessPage({ params, searchParams }: { params: Promise<{ accountId: string }>; searchParams: Promise<{ after?: string | string[] }> }) {
  const ctx = await requirePageContext('audit:read');
  const accountId = routeSegment((await params).accountId, accountIdParam);
  const { after } = await searchParams;
  const access = await loadOrNotFound(loadAccountAccess(ctx, { accountId, cursor: typeof after === 'string' ? after : undefined }));

  return (
    <div className="space-y-5">
      <PageHeader
        title="Who viewed this account"
        description={
          <>
            Account <span className="font-mono">{accountId}</span>: its page, contacts, reports&apos; text and risk page. Opening this page is recorded against the account.
          </>
        }
        actions={
          <div className="flex gap-3 text-sm">
            <Link href={`/accounts/${encodeURIComponent(accountId)}`} className="underline">
              Account
            </Link>
            <Link href={auditViewHref({ account: accountId })} className="underline">
              Audit trail
            </Link>
          </div>
        }
      />
      <Card title="Viewers">
        {access.viewers.length === 0 ? (
          <EmptyState>Nobody has viewed this account&apos;s data.</EmptyState>
        ) : (
          <ViewersTable rows={access.viewers.map((row) => viewerRow(row, accountId))} />
        )}
      </Card>
      <Card title="Every view, newest first">
        {access.views.length === 0 ? (
          <EmptyState>No views recorded{after ? ' on this page' : ''}.</EmptyState>
        ) : (
          <ViewsTable rows={access.views.map(viewRow)} />
        )}
      </Card>
      {access.nextCursor ? (
        <Link href={`/audit/access/${encodeURIComponent(accountId)}?after=${access.nextCursor}`} className="text-sm text-sky-700 underline">
          Older views →
        </Link>
      ) : null}
    </div>
  );
}
