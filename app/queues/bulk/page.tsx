import Link from 'next/link';
import { formatDateTime } from '@/components/format';
import { Card, PageHeader } from '@/components/ui/page';
import { BulkWorkspace } from '@/components/triage/bulk-workspace';
import { DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/message';
import { getDb } from '@/db';
import { listBatches } from '@/lib/triage/bulk';
import { queueViewQuery } from '@/lib/triage/listing';
import { listTemplates, renderTemplate } from '@/lib/triage/templates';
import { requirePageContext } from '@/server/guard';
import { applyBulkAction, previewBulkAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Bulk work · Lookout' };

/**
 * Bulk workspace: the rows picked on the queue page (`ids`) or every row of a filtered view (the
 * queue page's own URL parameters), previewed, confirmed, applied as one audited batch.
 */
export default async function BulkPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext('reports:act');
  const { actor } = ctx;
  const params = await searchParams;
  const db = await getDb();
  const ids = params.ids?.split(',').filter(Boolean) ?? [];
  const view = queueViewQuery.omit({ after: true }).safeParse(params);
  const selection = ids.length ? { itemIds: ids } : { view: view.success ? view.data : queueViewQuery.parse({}) };
  const [templates, batches] = await Promise.all([listTemplates(ctx), listBatches(db, actor)]);
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
            <EmptyState>No batches yet. Preview and confirm a bulk action above; its batch appears here.</EmptyState>
          ) : (
            <DataTable
              label="Recent batches"
              testId="recent-batches"
              rows={batches}
              rowKey={(batch) => batch.id}
              columns={[
                { header: 'When', cell: (batch) => formatDateTime(batch.created_at) },
                { header: 'Who', cell: (batch) => batch.created_by },
                { header: 'Action', cell: (batch) => `${batch.action} — ${batch.reason}` },
                { header: 'Applied', align: 'right', cell: (batch) => batch.applied_count },
                { header: 'Skipped', align: 'right', cell: (batch) => batch.skipped_count },
                { header: 'Batch', className: 'font-mono text-xs', cell: (batch) => batch.id },
                { header: 'Audit entry', cell: (batch) => (batch.audit_seq ? `#${batch.audit_seq}` : '–') },
              ]}
            />
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
