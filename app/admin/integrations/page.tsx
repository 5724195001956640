import { formatDateTime } from '@/components/format';
import { ActionForm } from '@/components/ui/form';
import { Card, PageHeader } from '@/components/ui/page';
import { NewTokenForm } from '@/components/triage/new-token-form';
import { DataTable } from '@/components/ui/data-table';
import { listIntegrationTokens } from '@/lib/triage/integrations';
import { requirePageContext } from '@/server/guard';
import { createTokenAction, revokeTokenAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'API tokens · Lookout' };

/** Tokens the chat app uses to push reports to POST /api/v1/reports; stored only as a hash. */
export default async function IntegrationsPage() {
  const tokens = await listIntegrationTokens(await requirePageContext('integrations:manage'));
  return (
    <>
      <PageHeader
        title="API tokens"
        description="The chat app sends reports to POST /api/v1/reports (or /api/v1/reports/batch) with Authorization: Bearer <token>."
      />
      <div className="space-y-4">
        <Card title="Tokens">
          <DataTable
            label="Tokens"
            rows={tokens}
            rowKey={(token) => token.id}
            columns={[
              { header: 'Name', cell: (token) => token.name },
              { header: 'Starts with', className: 'font-mono text-xs', cell: (token) => `${token.tokenPrefix}…` },
              { header: 'Reports / minute', align: 'right', cell: (token) => token.ratePerMinute },
              { header: 'Created', cell: (token) => `${formatDateTime(token.createdAt)} by ${token.createdBy}` },
              { header: 'Last used', cell: (token) => (token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'never') },
              {
                header: 'State',
                cell: (token) =>
                  token.revokedAt ? (
                    `revoked ${formatDateTime(token.revokedAt)}`
                  ) : (
                    <ActionForm action={revokeTokenAction} submitLabel="Revoke" label={`Revoke ${token.name}`}>
                      <input type="hidden" name="tokenId" value={token.id} />
                    </ActionForm>
                  ),
              },
            ]}
          />
        </Card>
        <Card title="New token">
          <NewTokenForm action={createTokenAction} />
        </Card>
      </div>
    </>
  );
}
