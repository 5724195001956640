import type { ReadableChanges } from '@/lib/audit/changes';
import { DataTable } from '@/components/ui/data-table';

/** What an audit entry changed, before and after, and its other details as labelled values. */
export function ChangesTable({ changes }: { changes: ReadableChanges }) {
  return (
    <div className="space-y-4">
      {changes.changed.length > 0 ? (
        <DataTable
          label="What changed"
          testId="changed"
          rows={changes.changed}
          rowKey={(row) => row.field}
          columns={[
            { header: 'Field', rowHeader: true, cell: (row) => row.label },
            { header: 'Before', cell: (row) => <span className="text-red-800">{row.before}</span> },
            { header: 'After', cell: (row) => <span className="text-emerald-800">{row.after}</span> },
          ]}
        />
      ) : (
        <p className="text-sm text-slate-600">This entry records an event, not a change of values.</p>
      )}
      {changes.details.length > 0 ? (
        <DataTable
          label="Details"
          testId="details"
          rows={changes.details}
          rowKey={(row) => row.field}
          columns={[
            { header: 'Detail', rowHeader: true, cell: (row) => row.label },
            { header: 'Value', className: 'break-all', cell: (row) => row.value },
          ]}
        />
      ) : null}
    </div>
  );
}
