import { formatDateTime } from '@/components/format';
import { ActionForm } from '@/components/ui/form';
import { Card, PageHeader } from '@/components/ui/page';
import { NewTokenForm } from '@/components/triage/new-token-form';
import { getDb } from '@/db';
import { listIntegrationTokens } from '@/lib/triage/integrations';
import { requirePagePermission } from '@/server/guard';
import { createTokenAction, revokeTokenAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'API tokens · Lookout' };

/** Tokens the chat app uses to push reports to POST /api/v1/reports; stored only as a hash. */
export default async function IntegrationsPage() {
  const actor = await requirePagePermission('integrations:manage');
  const tokens = await listIntegrationTokens(await getDb(), actor);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="The chat app sends reports to POST /api/v1/reports (or /api/v1/reports/batch) with Authorization: Bearer <token>."
      />
      <div className="space-y-4">
        <Card title="Tokens">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th className="py-1 pr-3 font-medium">Name</th>
                <th className="py-1 pr-3 font-medium">Starts with</th>
                <th className="py-1 pr-3 font-medium">Reports / minute</th>
                <th className="py-1 pr-3 font-medium">Created</th>
                <th className="py-1 pr-3 font-medium">Last used</th>
                <th className="py-1 pr-3 font-medium">State</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id} className="border-t border-slate-100">
                  <td className="py-1 pr-3">{token.name}</td>
                  <td className="py-1 pr-3 font-mono text-xs">{token.tokenPrefix}…</td>
                  <td className="py-1 pr-3 tabular-nums">{token.ratePerMinute}</td>
                  <td className="py-1 pr-3">
                    {formatDateTime(token.createdAt)} by {token.createdBy}
                  </td>
                  <td className="py-1 pr-3">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'never'}</td>
                  <td className="py-1 pr-3">
                    {token.revokedAt ? (
                      `revoked ${formatDateTime(token.revokedAt)}`
                    ) : (
                      <ActionForm action={revokeTokenAction} submitLabel="Revoke" label={`Revoke ${token.name}`}>
                        <input type="hidden" name="tokenId" value={token.id} />
                      </ActionForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="New token">
          <NewTokenForm action={createTokenAction} />
        </Card>
      </div>
    </>
  );
}
