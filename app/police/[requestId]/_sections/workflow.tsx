import { buttonClass } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { Card } from '@/components/ui/page';
import type { RequestStatus } from '@/lib/police/contract';
import type { RequestDetail } from '@/lib/police/queries';
import { transitionAction } from '../../actions';

/** The moves a reason alone can make; approval and disclosure have their own forms. */
const BUTTON_LABELS: Partial<Record<RequestStatus, string>> = {
  verifying: 'Start verification',
  legal_review: 'Send to legal review',
  rejected: 'Reject',
  needs_more_info: 'Ask for more information',
  closed: 'Close',
  withdrawn: 'Mark withdrawn',
};

export function WorkflowSection({ detail }: { detail: RequestDetail }) {
  const moves = detail.nextStatuses.filter((status) => BUTTON_LABELS[status]);
  if (moves.length === 0) return null;
  return (
    <Card title="Workflow">
      <ActionForm action={transitionAction} className="space-y-2" successText="Status updated.">
        <input type="hidden" name="requestId" value={detail.request.id} />
        <Field label="Reason for the change">
          <textarea name="reason" rows={2} className={inputClass} />
        </Field>
        <div className="flex flex-wrap gap-2">
          {moves.map((status) => (
            <button key={status} type="submit" name="to" value={status} className={buttonClass('secondary')}>
              {BUTTON_LABELS[status]}
            </button>
          ))}
        </div>
      </ActionForm>
    </Card>
  );
}
