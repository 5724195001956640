import { formatDateTime } from '@/components/format';
import { DataTable } from '@/components/ui/data-table';
import { Field, inputClass, selectClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { Pill } from '@/components/ui/pill';
import { signalLabel } from '@/lib/risk/labels';
import { HELD_OUT_POPULATIONS } from '@/lib/risk/holdout';
import { loadWeightsOverview, REWEIGH, type WeightsOverview } from '@/lib/risk/reweigh';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound } from '@/server/page-input';
import { adoptWeightsAction, prepareReweightingAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Risk weights · Lookout' };

const percent = (n: number) => `${Math.round(n * 100)}%`;
const factor = (n: number | undefined) => `×${(n ?? 1).toFixed(2)}`;

/**
 * The precision loop (issue 15): how each signal held up under review, a suggested re-weighting
 * evaluated on held-out populations, and the button that adopts it as the next weight version.
 */
export default async function RiskWeightsPage() {
  const ctx = await requirePageContext('risk:weights');
  const overview = await loadOrNotFound(loadWeightsOverview(ctx));
  const { current } = overview;
  return (
    <>
      <PageHeader
        title="Risk weights"
        description="Moderators' confirmations and dismissals show which signals hold up. A suggestion turns them into weights, is scored on held-out synthetic populations, and can then be adopted as the next version."
      />
      <div className="space-y-4">
        <Card title="Weights in force">
          <p className="text-sm" data-testid="weight-version">
            Version {current.version}
            {current.adoptedAt ? (
              <span className="text-slate-600">
                {' '}
                · adopted {formatDateTime(current.adoptedAt)}
                {current.adoptedBy ? ` by ${current.adoptedBy}` : ''}
              </span>
            ) : null}
          </p>
          <p className="mt-1 text-sm text-slate-700">
            {Object.keys(current.multipliers).length === 0
              ? 'Every signal at the weight written in the code.'
              : Object.entries(current.multipliers)
                  .map(([code, value]) => `${signalLabel(code)} ${factor(value)}`)
                  .join(' · ')}
          </p>
        </Card>

        <Card title="How each signal held up under review">
          {overview.rates.length === 0 ? (
            <EmptyState>No reviews yet: confirm or dismiss accounts on the risk page first.</EmptyState>
          ) : (
            <DataTable
              label="Review rates per signal"
              rows={overview.rates}
              rowKey={(row) => row.code}
              columns={[
                { header: 'Signal', rowHeader: true, cell: (row) => signalLabel(row.code) },
                { header: 'Reviewed', align: 'right', cell: (row) => row.reviewed },
                { header: 'Confirmed', align: 'right', cell: (row) => row.confirmed },
                { header: 'Dismissed or rejected', align: 'right', cell: (row) => row.rejected },
                { header: 'Flags retracted', align: 'right', cell: (row) => row.retracted },
                { header: 'Confirmation rate', align: 'right', cell: (row) => percent(row.rate) },
                { header: 'Suggested weight', align: 'right', cell: (row) => factor(row.suggested) },
              ]}
            />
          )}
          <p className="mt-2 text-xs text-slate-600">
            A signal needs {REWEIGH.minReviews} reviews before its rate moves its weight; rates are taken relative to all signals, so the ranking
            changes and not merely the scale. A confirmation whose flags were all retracted counts against its signals.
          </p>
        </Card>

        <Card title="Prepare a suggestion">
          <ActionForm
            action={prepareReweightingAction}
            className="grid max-w-xl grid-cols-2 gap-4"
            submitLabel="Prepare and evaluate"
            successText="Suggestion prepared and evaluated."
            labels={{ accounts: 'Accounts per population', populations: 'Held-out populations' }}
            keepValues
          >
            <Field label="Accounts per population" hint="Larger is slower and steadier (about a minute for 3,000).">
              <input name="accounts" type="number" min={500} max={20000} step={100} defaultValue={REWEIGH.accounts} className={inputClass} />
            </Field>
            <Field label="Held-out populations" hint="Seeds never used for tuning, in other proportions than training.">
              <select name="populations" defaultValue={REWEIGH.populations} className={selectClass}>
                {HELD_OUT_POPULATIONS.map((_, i) => (
                  <option key={i} value={i + 1}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </Field>
          </ActionForm>
        </Card>

        {overview.suggestions.map((suggestion) => (
          <Suggestion key={suggestion.id} suggestion={suggestion} current={current} />
        ))}

        <Card title="Adopted versions">
          <DataTable
            label="Adopted weight versions"
            rows={overview.versions}
            rowKey={(row) => row.version}
            columns={[
              { header: 'Version', rowHeader: true, cell: (row) => row.version },
              { header: 'Adopted', cell: (row) => (row.adoptedAt ? formatDateTime(row.adoptedAt) : '—') },
              { header: 'By', cell: (row) => row.adoptedBy ?? 'installation' },
              {
                header: 'Weights',
                cell: (row) =>
                  Object.keys(row.multipliers).length === 0
                    ? 'as written'
                    : Object.entries(row.multipliers)
                        .map(([code, value]) => `${signalLabel(code)} ${factor(value)}`)
                        .join(', '),
              },
            ]}
          />
        </Card>
      </div>
    </>
  );
}

function Suggestion({ suggestion, current }: { suggestion: WeightsOverview['suggestions'][number]; current: WeightsOverview['current'] }) {
  const { evaluation } = suggestion;
  const codes = [...new Set([...Object.keys(current.multipliers), ...Object.keys(suggestion.multipliers)])];
  const stale = evaluation !== null && evaluation.baseVersion !== current.version;
  const adoptable = evaluation !== null && !stale && evaluation.verdict !== 'worse';
  return (
    <Card title={`Suggestion ${suggestion.id}`}>
      <p className="text-sm text-slate-700">
        {suggestion.note}{' '}
        <span className="text-slate-600">
          ({formatDateTime(suggestion.suggestedAt)}
          {suggestion.suggestedBy ? `, ${suggestion.suggestedBy}` : ''})
        </span>
      </p>
      {codes.length === 0 ? (
        <p className="mt-2 text-sm">No signal moves: the reviews do not tell the signals apart yet.</p>
      ) : (
        <div className="mt-2">
          <DataTable
            label={`Weights of suggestion ${suggestion.id}`}
            rows={codes}
            rowKey={(code) => code}
            columns={[
              { header: 'Signal', rowHeader: true, cell: (code) => signalLabel(code) },
              { header: 'In force', align: 'right', cell: (code) => factor(current.multipliers[code]) },
              { header: 'Suggested', align: 'right', cell: (code) => factor(suggestion.multipliers[code]) },
            ]}
          />
        </div>
      )}
      {evaluation ? (
        <div className="mt-3">
          <p className="text-sm">
            Evaluation against version {evaluation.baseVersion}:
            <Pill tone={evaluation.verdict === 'worse' ? 'danger' : evaluation.verdict === 'better' ? 'success' : 'neutral'} testId="verdict">
              {evaluation.verdict === 'worse' ? 'ranks worse' : evaluation.verdict === 'better' ? 'ranks better' : 'ranks the same'}
            </Pill>
          </p>
          <div className="mt-2">
            <DataTable
              label={`Held-out evaluation of suggestion ${suggestion.id}`}
              rows={evaluation.populations}
              rowKey={(row) => row.seed}
              columns={[
                { header: 'Population', rowHeader: true, cell: (row) => `${row.seed} (${row.accounts} accounts, K ${row.k})` },
                { header: 'Precision at K: now', align: 'right', cell: (row) => row.current.precisionAtK.toFixed(3) },
                { header: 'Precision at K: suggested', align: 'right', cell: (row) => row.suggested.precisionAtK.toFixed(3) },
                { header: 'Average precision: now', align: 'right', cell: (row) => row.current.averagePrecision.toFixed(3) },
                { header: 'Average precision: suggested', align: 'right', cell: (row) => row.suggested.averagePrecision.toFixed(3) },
                { header: 'Look-alikes in top K now → suggested', align: 'right', cell: (row) => `${row.current.lookalikesInTopK} → ${row.suggested.lookalikesInTopK}` },
              ]}
            />
          </div>
        </div>
      ) : (
        <p className="mt-2 text-sm">Not evaluated: it cannot be adopted.</p>
      )}
      <div className="mt-3">
        {adoptable ? (
          <ActionForm
            action={adoptWeightsAction}
            label={`Adopt suggestion ${suggestion.id}`}
            submitLabel={`Adopt as version ${current.version + 1}`}
            successText="Adopted: in force from the next scoring run."
          >
            <input type="hidden" name="suggestionId" value={suggestion.id} />
          </ActionForm>
        ) : (
          <p className="text-sm text-slate-700">
            {stale
              ? `Compared with version ${evaluation!.baseVersion}, but version ${current.version} is in force now: prepare a new suggestion.`
              : evaluation?.verdict === 'worse'
                ? 'It ranks the held-out populations worse than the weights in force, so it cannot be adopted.'
                : ''}
          </p>
        )}
      </div>
    </Card>
  );
}
