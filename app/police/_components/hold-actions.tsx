import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { extendHoldAction, releaseHoldAction } from '../actions';

/** Extend (once) or release an active hold, each with its reason. */
export function HoldActions({ holdId, accountId, extended }: { holdId: string; accountId: string; extended: boolean }) {
  const forms = [
    ...(extended ? [] : [{ action: extendHoldAction, label: 'Extend 90 days', placeholder: 'Renewal received from the agency' }]),
    { action: releaseHoldAction, label: 'Release', placeholder: 'Why it is no longer needed' },
  ];
  return (
    <div className="mt-1 space-y-1">
      {forms.map((form) => (
        <ActionForm key={form.label} action={form.action} className="flex items-end gap-2">
          <input type="hidden" name="holdId" value={holdId} />
          <input name="reason" aria-label={`${form.label}: reason for ${accountId}`} placeholder={form.placeholder} className={`${inputClass} max-w-sm`} />
          <button type="submit" className={buttonClass('secondary')}>
            {form.label}
          </button>
        </ActionForm>
      ))}
    </div>
  );
}
