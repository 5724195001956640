import { buttonClass } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { PageHeader } from '@/components/ui/page';
import { DATA_CATEGORIES, DATA_CATEGORY_LABELS, REQUEST_TYPE_LABELS, REQUEST_TYPES } from '@/lib/police/contract';
import { requirePagePermission } from '@/server/guard';
import { createRequestAction } from '../actions';

export const metadata = { title: 'Record a police request · Lookout' };

const ZONES = ['Europe/London', 'Europe/Dublin', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/Paris', 'Australia/Sydney', 'UTC'];

const LABELS = {
  timeZone: 'Time zone',
  officerEmail: 'Officer e-mail',
  rangeFrom: 'Date range from',
  rangeTo: 'Date range to',
  receivedAt: 'Received at',
  documentDueDate: 'Due date on the document',
  nonDisclosureExpiresOn: 'Non-disclosure expiry',
  targets: 'Accounts',
};

export default async function NewPoliceRequestPage() {
  await requirePagePermission('police:write');
  return (
    <>
      <PageHeader title="Record a police request" description="Everything on the legal document. Dates are read in the jurisdiction's time zone." />
      <ActionForm action={createRequestAction} className="max-w-3xl space-y-6" labels={LABELS} keepValues>
        <fieldset className="grid grid-cols-2 gap-4">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Legal basis</legend>
          <Field label="Type">
            <select name="type" className={inputClass} defaultValue="">
              <option value="" disabled>
                Choose…
              </option>
              {REQUEST_TYPES.map((type) => (
                <option key={type} value={type}>
                  {REQUEST_TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Legal reference">
            <input name="legalReference" className={inputClass} />
          </Field>
          <Field label="Jurisdiction">
            <input name="jurisdiction" className={inputClass} placeholder="United Kingdom" />
          </Field>
          <Field label="Time zone" hint="IANA name, e.g. Europe/London">
            <input name="timeZone" list="zones" defaultValue="Europe/London" className={inputClass} />
            <datalist id="zones">
              {ZONES.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </Field>
          <Field label="Issuing court" hint="Court orders, warrants, production orders">
            <input name="issuingCourt" className={inputClass} />
          </Field>
          <Field label="Authorising officer" hint="Where the law requires one (IPA, DPA Schedule 2)">
            <input name="authorisingOfficer" className={inputClass} />
          </Field>
        </fieldset>

        <fieldset className="grid grid-cols-2 gap-4">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Requesting officer</legend>
          <Field label="Agency">
            <input name="agency" className={inputClass} />
          </Field>
          <Field label="Officer name">
            <input name="officerName" className={inputClass} />
          </Field>
          <Field label="Rank / badge">
            <input name="officerRankBadge" className={inputClass} />
          </Field>
          <Field label="Official e-mail">
            <input name="officerEmail" type="email" className={inputClass} />
          </Field>
          <Field label="Phone">
            <input name="officerPhone" type="tel" className={inputClass} />
          </Field>
        </fieldset>

        <fieldset className="grid grid-cols-2 gap-4">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Scope</legend>
          <Field label="Accounts" hint="Exact usernames or account ids, one per line. Unknown ones are kept and shown.">
            <textarea name="targets" rows={4} className={`${inputClass} font-mono`} />
          </Field>
          <div className="space-y-2">
            <span className="block text-sm font-medium text-slate-700">Data categories requested</span>
            {DATA_CATEGORIES.map((category) => (
              <label key={category} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="categories" value={category} /> {DATA_CATEGORY_LABELS[category]}
              </label>
            ))}
          </div>
          <Field label="Date range from">
            <input name="rangeFrom" type="date" className={inputClass} />
          </Field>
          <Field label="Date range to" hint="Inclusive">
            <input name="rangeTo" type="date" className={inputClass} />
          </Field>
        </fieldset>

        <fieldset className="grid grid-cols-2 gap-4">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Timing and restrictions</legend>
          <Field label="Received at" hint="Local time in the jurisdiction; blank means now">
            <input name="receivedAt" type="datetime-local" className={inputClass} />
          </Field>
          <Field label="Due date on the document" hint="Emergency: 24 hours; preservation: 90 days">
            <input name="documentDueDate" type="date" className={inputClass} />
          </Field>
          <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
            <input type="checkbox" name="nonDisclosure" /> Non-disclosure order (do not notify the user)
          </label>
          <Field label="Non-disclosure expires on">
            <input name="nonDisclosureExpiresOn" type="date" className={inputClass} />
          </Field>
          <div className="col-span-2">
            <Field label="Emergency facts" hint="Required for emergency disclosure: the danger of death or serious injury, as stated">
              <textarea name="emergencyFacts" rows={3} className={inputClass} />
            </Field>
          </div>
        </fieldset>
        <button type="submit" className={buttonClass()}>
          Record request
        </button>
      </ActionForm>
    </>
  );
}
