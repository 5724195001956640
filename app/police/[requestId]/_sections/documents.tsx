import { EmptyState } from '@/components/ui/message';
import { Card } from '@/components/ui/page';
import { formatDateTime } from '@/components/format';
import { AttachmentUpload } from '@/components/police/attachment-upload';
import type { RequestDetail } from '@/lib/police/queries';

export function DocumentsSection({ detail, canWrite }: { detail: RequestDetail; canWrite: boolean }) {
  const { request, attachments } = detail;
  return (
    <Card title="Legal documents">
      {attachments.length === 0 ? (
        <EmptyState>No document attached.</EmptyState>
      ) : (
        <ul className="space-y-1 text-sm" aria-label="Documents">
          {attachments.map((file) => (
            <li key={file.id}>
              <a className="text-sky-700 hover:underline" href={`/api/police/attachments/${file.id}`}>
                {file.filename}
              </a>{' '}
              · {file.sizeBytes} bytes · {formatDateTime(file.uploadedAt)}
              <span className="block break-all font-mono text-xs text-slate-500">SHA-256 {file.sha256}</span>
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
