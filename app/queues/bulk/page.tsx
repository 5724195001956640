import Link from 'next/link';
import { z } from 'zod';
import { AGE_BAND_LABELS, formatDateTime } from '@/components/format';
import { Card, PageHeader } from '@/components/ui/page';
import { DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/message';
import { BulkWorkspace } from '@/components/triage/bulk-workspace';
import { CATEGORY_LABELS } from '@/components/triage/labels';
import { listBatches, type BulkSelection } from '@/lib/triage/bulk';
import { BULK_MAX_ITEMS } from '@/lib/triage/contract';
import { visibleQueues } from '@/lib/triage/queues';
import { listTemplates } from '@/lib/triage/templates';
import { bulkViewSchema, describeView, viewFingerprint, viewProblems } from '@/lib/triage/view';
import { requirePageContext, type GuardContext } from '@/server/guard';
import { applyBulkAction, previewBulkAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Bulk work · Lookout' };

const idsParam = z.string().max(40_000).transform((value) => value.split(',').filter(Boolean));
const itemIds = z.array(z.uuid()).min(1).max(BULK_MAX_ITEMS);

type Target = { selection: BulkSelection; description: string } | { refusal: string };

/**
 * What the page will act on, read strictly: picked ids, or the queue view the moderator saw, named
 * by its queue and its filter fingerprint. Anything that cannot be read exactly is refused here —
 * the page never falls back to a wider view.
 */
async function readTarget(ctx: GuardContext, params: Record<string, string | string[] | undefined>): Promise<Target> {
  if (params.ids !== undefined) {
    const ids = itemIds.safeParse(idsParam.safeParse(params.ids).data);
    if (!ids.success) return { refusal: `The selection could not be read: give between 1 and ${BULK_MAX_ITEMS} item ids. Nothing will be changed; select the items again on the queue page.` };
    return { selection: { itemIds: ids.data }, description: `the ${ids.data.length} items you selected` };
  }
  const view = bulkViewSchema.safeParse(params);
  if (!view.success) return { refusal: `The filter could not be read (${viewProblems(view.error).join('; ')}). Nothing will be changed; open the bulk workspace again from the queue page.` };
  const fingerprint = typeof params.filter === 'string' ? params.filter : '';
  if (!view.data.queue || !fingerprint) return { refusal: 'No filter was given. Open the bulk workspace from a queue page, which names the exact filter you saw.' };
  if (viewFingerprint(view.data) !== fingerprint) {
    return { refusal: 'This filter differs from the one shown on the queue page, so nothing will be changed. Open the bulk workspace again from the queue page.' };
  }
  const queues = await visibleQueues(ctx);
  const queue = queues.find((candidate) => candidate.id === view.data.queue);
  if (!queue) return { refusal: `There is no queue "${view.data.queue}" that you may see.` };
  const parts = describeView(view.data, { queueName: queue.name, category: (category) => CATEGORY_LABELS[category], ageBand: (band) => AGE_BAND_LABELS[band] });
  return { selection: { view: { ...view.data, queue: queue.id }, fingerprint }, description: `every item of the view: ${parts.join(' · ')}` };
}

/**
 * Bulk workspace: the rows picked on the queue page (`ids`) or every row of a filtered view (the
 * queue page's own URL parameters), previewed, confirmed, applied as one audited batch.
 */
export default async function BulkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext('reports:act');
  const params = await searchParams;
  const [templates, batches, target] = await Promise.all([listTemplates(ctx), listBatches(ctx), readTarget(ctx, params)]);

  return (
    <>
      <PageHeader title="Bulk work" description="Preview what will happen to each item, then confirm: the batch is applied in one step and audited." />
      {'refusal' in target ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="bulk-refusal">
          {target.refusal}
        </p>
      ) : (
        <BulkWorkspace
          selection={target.selection}
          description={target.description}
          templates={templates
            .filter((template) => template.action === 'dismiss' || template.action === 'resolve')
            // The body itself: its placeholders are filled per item with that item's values (preview and apply).
            .map((template) => ({ id: template.id, name: template.name, action: template.action, accountAction: template.accountAction, rendered: template.body }))}
          previewAction={previewBulkAction}
          applyAction={applyBulkAction}
        />
      )}
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
        <Link href="/queues" className="text-sky-700 underline">
          ← Back to the queues
        </Link>
      </p>
    </>
  );
}
