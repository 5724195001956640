import { buttonClass } from '@/components/ui/button';
import { Choice, Field, inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { Card } from '@/components/ui/page';
import { DATA_CATEGORY_LABELS, REQUEST_TYPE_LABELS } from '@/lib/police/contract';
import { LEGAL_SCOPE } from '@/lib/police/legal';
import type { RequestDetail } from '@/lib/police/queries';
import { approveAction } from '../../actions';
import { DataTable } from '@/components/ui/data-table';

/** Per-account produce / do-not-produce decisions and the categories that may be produced. */
export function LegalReviewSection({ detail }: { detail: RequestDetail }) {
  const { request, targets } = detail;
  const scope = LEGAL_SCOPE[request.type];
  return (
    <Card title="Legal review">
      <p className="mb-3 text-sm text-slate-600">
        {REQUEST_TYPE_LABELS[request.type]}: {scope.basis}. It can require{' '}
        {scope.compels.length ? scope.compels.map((c) => DATA_CATEGORY_LABELS[c].toLowerCase()).join(', ') : 'no disclosure'}.
      </p>
      <ActionForm action={approveAction} className="space-y-3" labels={{ approvedCategories: 'Categories' }}>
        <input type="hidden" name="requestId" value={request.id} />
        <DataTable
          label="Decisions"
          rows={targets}
          rowKey={(target) => target.id}
          rowProps={(target) => ({ 'data-testid': `decide-${target.identifier}` })}
          columns={[
            { header: 'Account', className: 'font-mono', cell: (target) => target.identifier },
            {
              header: 'Decision',
              cell: (target) =>
                target.accountId ? (
                  <div role="radiogroup" aria-label={`Decision for ${target.identifier}`}>
                    <Choice type="radio" name={`decision:${target.id}`} value="produce" className="mr-3">
                      Produce
                    </Choice>
                    <Choice type="radio" name={`decision:${target.id}`} value="do_not_produce">
                      Do not produce
                    </Choice>
                  </div>
                ) : (
                  <span className="text-slate-600">No single account matches: recorded as not produced.</span>
                ),
            },
            {
              header: 'Reason',
              cell: (target) => (target.accountId ? <input name={`reason:${target.id}`} aria-label={`Reason for ${target.identifier}`} className={inputClass} /> : null),
            },
          ]}
        />
        <div className="space-y-1">
          <span className="block text-sm font-medium text-slate-700">Categories approved for disclosure</span>
          {request.categories.map((category) => (
            <label key={category} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="approvedCategories" value={category} defaultChecked={scope.compels.includes(category)} />
              {DATA_CATEGORY_LABELS[category]}
              {scope.compels.includes(category) ? null : <span className="text-xs text-amber-800">(beyond what this legal type can compel)</span>}
            </label>
          ))}
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="acknowledgeWarnings" /> I have read the legal warnings and approve anyway
        </label>
        <Field label="Reason for the decision">
          <textarea name="reason" rows={2} className={inputClass} />
        </Field>
        <button type="submit" className={buttonClass()}>
          Approve disclosure
        </button>
      </ActionForm>
    </Card>
  );
}
