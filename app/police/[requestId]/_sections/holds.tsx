import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { EmptyState } from '@/components/ui/message';
import { Card } from '@/components/ui/page';
import { StatusPill } from '@/components/ui/pill';
import { formatDateTime } from '@/components/format';
import type { RequestDetail } from '@/lib/police/queries';
import { isOpen } from '@/lib/police/workflow';
import { createHoldAction } from '../../actions';
import { HoldActions } from '../../_components/hold-actions';

export function HoldsSection({ detail, canManage }: { detail: RequestDetail; canManage: boolean }) {
  const { request, holds } = detail;
  const held = new Set(holds.filter((hold) => hold.state === 'active').map((hold) => hold.accountId));
  const holdable = detail.targets.filter((t) => t.accountId && !held.has(t.accountId));
  return (
    <Card title="Preservation holds">
      {holds.length === 0 ? (
        <EmptyState>No holds from this request.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Holds">
          {holds.map((hold) => (
            <li key={hold.id} className="py-2">
              <div className="flex flex-wrap items-center gap-3">
                <span className="font-mono">{hold.accountId}</span>
                <StatusPill status={hold.state} />
                <span>
                  {formatDateTime(hold.startsAt)} → {formatDateTime(hold.expiresAt)}
                  {hold.extendedAt ? ' (extended)' : ''}
                </span>
                {hold.releaseReason ? <span className="text-slate-600">released: {hold.releaseReason}</span> : null}
              </div>
              {canManage && hold.state === 'active' ? <HoldActions holdId={hold.id} accountId={hold.accountId} extended={Boolean(hold.extendedAt)} /> : null}
            </li>
          ))}
        </ul>
      )}
      {canManage && isOpen(request.status) && holdable.length > 0 ? (
        <div className="mt-3 space-y-2 border-t border-slate-100 pt-3">
          {holdable.map((target) => (
            <ActionForm key={target.id} action={createHoldAction} className="flex items-end gap-2">
              <input type="hidden" name="requestId" value={request.id} />
              <input type="hidden" name="accountId" value={target.accountId!} />
              <input
                name="reason"
                aria-label={`Reason to hold ${target.identifier}`}
                defaultValue={`Preservation under ${request.legalReference}`}
                className={`${inputClass} max-w-sm`}
              />
              <button type="submit" className={buttonClass('secondary')}>
                Place 90-day hold on {target.identifier}
              </button>
            </ActionForm>
          ))}
        </div>
      ) : null}
    </Card>
  );
}
