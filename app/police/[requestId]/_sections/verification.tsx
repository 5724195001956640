import { buttonClass } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { EmptyState } from '@/components/ui/message';
import { Card } from '@/components/ui/page';
import { formatDateTime } from '@/components/format';
import { VERIFICATION_METHOD_LABELS, VERIFICATION_METHODS } from '@/lib/police/contract';
import type { RequestDetail } from '@/lib/police/queries';
import { emailDomain } from '@/lib/police/verification';
import { verifyAction } from '../../actions';

export function VerificationSection({ detail, canWrite }: { detail: RequestDetail; canWrite: boolean }) {
  const { request, verifications } = detail;
  return (
    <Card title="Verification of the requester">
      {verifications.length === 0 ? (
        <EmptyState>Not verified yet.</EmptyState>
      ) : (
        <ul className="space-y-1 text-sm" aria-label="Verifications">
          {verifications.map((v) => (
            <li key={v.id}>
              <strong>{VERIFICATION_METHOD_LABELS[v.method]}</strong>: {v.contactUsed} — by {v.verifiedByEmail}, {formatDateTime(v.verifiedAt)}
              {v.notes ? <span className="block text-slate-600">{v.notes}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite && request.status === 'verifying' ? (
        <ActionForm action={verifyAction} className="mt-3 space-y-2 border-t border-slate-100 pt-3" labels={{ contactUsed: 'Domain or number used' }}>
          <input type="hidden" name="requestId" value={request.id} />
          <Field label="How was the requester verified?">
            <select name="method" className={inputClass} defaultValue="official_email_domain">
              {VERIFICATION_METHODS.map((method) => (
                <option key={method} value={method}>
                  {VERIFICATION_METHOD_LABELS[method]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Domain or number used" hint={`The officer wrote from ${emailDomain(request.officerEmail)}`}>
            <input name="contactUsed" className={inputClass} />
          </Field>
          <Field label="Notes">
            <textarea name="notes" rows={2} className={inputClass} />
          </Field>
          <button type="submit" className={buttonClass()}>
            Record verification
          </button>
        </ActionForm>
      ) : null}
    </Card>
  );
}
