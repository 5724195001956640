import { EmptyState } from '@/components/ui/message';
import { Card } from '@/components/ui/page';
import { formatDateTime } from '@/components/format';
import { AttachmentUpload } from '@/components/police/attachment-upload';
import { ATTACHMENT_KIND_LABELS } from '@/lib/police/contract';
import type { RequestDetail } from '@/lib/police/queries';

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
              <a className="text-sky-700 underline" href={`/api/police/attachments/${file.id}`}>
                {file.filename}
              </a>{' '}
              · {ATTACHMENT_KIND_LABELS[file.kind]} · {file.sizeBytes} bytes · {formatDateTime(file.uploadedAt)}
              <span className="block break-all font-mono text-xs text-slate-600">SHA-256 {file.sha256}</span>
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <AttachmentUpload requestId={request.id} />
      ) : null}
    </Card>
  );
}
