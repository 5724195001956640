import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { EmptyState } from '@/components/ui/message';
import { Card } from '@/components/ui/page';
import { formatDateTime } from '@/components/format';
import type { RequestDetail } from '@/lib/police/queries';
import { attachAction } from '../../actions';

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
        <ActionForm action={attachAction} className="mt-3 flex items-end gap-2 border-t border-slate-100 pt-3">
          <input type="hidden" name="requestId" value={request.id} />
          <input type="file" name="file" aria-label="Document" className={`${inputClass} max-w-sm`} />
          <button type="submit" className={buttonClass('secondary')}>
            Attach
          </button>
        </ActionForm>
      ) : null}
    </Card>
  );
}
