import Link from 'next/link';
import { formatDateTime } from '@/components/format';
import { Card, PageHeader } from '@/components/ui/page';
import { BulkWorkspace } from '@/components/triage/bulk-workspace';
import { getDb } from '@/db';
import { listBatches } from '@/lib/triage/bulk';
import { queueViewQuery } from '@/lib/triage/listing';
import { listTemplates, renderTemplate } from '@/lib/triage/templates';
import { requirePagePermission } from '@/server/guard';
import { applyBulkAction, previewBulkAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Bulk work · Lookout' };

/**
 * Bulk workspace: the rows picked on the queue page (`ids`) or every row of a filtered view (the
 * queue page's own URL parameters), previewed, confirmed, applied as one audited batch.
 */
export default async function BulkPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePagePermission('reports:act');
  const params = await searchParams;
  const db = await getDb();
  const ids = params.ids?.split(',').filter(Boolean) ?? [];
  const view = queueViewQuery.omit({ after: true }).safeParse(params);
  const selection = ids.length ? { itemIds: ids } : { view: view.success ? view.data : queueViewQuery.parse({}) };
  const [templates, batches] = await Promise.all([listTemplates(db), listBatches(db, actor)]);
  // One reason serves many accounts: placeholders read as the general case.
  const general = { username: 'the account', account_id: 'the account', category: view.data?.category?.replace('_', ' ') ?? 'the reported', report_count: 'the', queue: view.data?.queue ?? 'this queue' };

  return (
    <>
      <PageHeader title="Bulk work" description="Preview what will happen to each item, then confirm: the batch is applied in one step and audited." />
      <BulkWorkspace
        selection={selection}
        templates={templates
          .filter((template) => template.action === 'dismiss' || template.action === 'resolve')
          .map((template) => ({ id: template.id, name: template.name, action: template.action, accountAction: template.accountAction, rendered: renderTemplate(template.body, general) }))}
        previewAction={previewBulkAction}
        applyAction={applyBulkAction}
      />
      <div className="mt-6">
        <Card title="Recent batches">
          {batches.length === 0 ? (
            <p className="text-sm text-slate-500">No batches yet.</p>
          ) : (
            <table className="w-full text-sm" data-testid="recent-batches">
              <thead>
                <tr className="text-left text-xs text-slate-500">
                  <th className="py-1 pr-3 font-medium">When</th>
                  <th className="py-1 pr-3 font-medium">Who</th>
                  <th className="py-1 pr-3 font-medium">Action</th>
                  <th className="py-1 pr-3 text-right font-medium">Applied</th>
                  <th className="py-1 pr-3 text-right font-medium">Skipped</th>
                  <th className="py-1 pr-3 font-medium">Batch</th>
                  <th className="py-1 pr-3 font-medium">Audit entry</th>
                </tr>
              </thead>
              <tbody>
                {batches.map((batch) => (
                  <tr key={batch.id} className="border-t border-slate-100">
                    <td className="py-1 pr-3">{formatDateTime(batch.created_at)}</td>
                    <td className="py-1 pr-3">{batch.created_by}</td>
                    <td className="py-1 pr-3">
                      {batch.action} — {batch.reason}
                    </td>
                    <td className="py-1 pr-3 text-right tabular-nums">{batch.applied_count}</td>
                    <td className="py-1 pr-3 text-right tabular-nums">{batch.skipped_count}</td>
                    <td className="py-1 pr-3 font-mono text-xs">{batch.id}</td>
                    <td className="py-1 pr-3">{batch.audit_seq ? `#${batch.audit_seq}` : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
      <p className="mt-4 text-sm">
        <Link href="/queues" className="text-sky-700 hover:underline">
          ← Back to the queues
        </Link>
      </p>
    </>
  );
}
