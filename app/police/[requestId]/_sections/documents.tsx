import { ActionForm } from '@/components/action-form';
import { formatDateTime } from '@/components/format';
import { Card, EmptyState } from '@/components/page-header';
import { inputClass, secondaryButtonClass } from '@/components/police/ui';
import { ATTACHMENT_KIND_LABELS, ATTACHMENT_KINDS } from '@/lib/police/contract';
import type { RequestDetail } from '@/lib/police/queries';
import { attachAction } from '../../actions';

export function DocumentsSection({ detail, canWrite }: { detail: RequestDetail; canWrite: boolean }) {
  const { request, attachments } = detail;
  return (
    <Card title="Legal documents">
      {detail.emergencyStatementOwed ? (
        <p role="status" data-testid="emergency-statement-owed" className="mb-2 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Written emergency statement owed: this emergency disclosure was approved without legal process. Attach the agency&apos;s written
          statement of the emergency as &ldquo;{ATTACHMENT_KIND_LABELS.emergency_statement}&rdquo; when it arrives.
        </p>
      ) : null}
      {attachments.length === 0 ? (
        <EmptyState>No document attached.</EmptyState>
      ) : (
        <ul className="space-y-1 text-sm" aria-label="Documents">
          {attachments.map((file) => (
            <li key={file.id}>
              <a className="text-sky-700 hover:underline" href={`/api/police/attachments/${file.id}`}>
                {file.filename}
              </a>{' '}
              · {ATTACHMENT_KIND_LABELS[file.kind]} · {file.sizeBytes} bytes · {formatDateTime(file.uploadedAt)}
              <span className="block break-all font-mono text-xs text-slate-500">SHA-256 {file.sha256}</span>
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <ActionForm action={attachAction} className="mt-3 flex items-end gap-2 border-t border-slate-100 pt-3">
          <input type="hidden" name="requestId" value={request.id} />
          <select name="kind" aria-label="What the document is" defaultValue="" required className={`${inputClass} max-w-xs`}>
            <option value="" disabled>
              What is it?
            </option>
            {ATTACHMENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {ATTACHMENT_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
          <input type="file" name="file" aria-label="Document" className={`${inputClass} max-w-sm`} />
          <button type="submit" className={secondaryButtonClass}>
            Attach
          </button>
        </ActionForm>
      ) : null}
    </Card>
  );
}
