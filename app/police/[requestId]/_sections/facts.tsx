import { Card } from '@/components/ui/page';
import { DATA_CATEGORY_LABELS } from '@/lib/police/contract';
import { formatInZone } from '@/lib/police/deadlines';
import type { RequestDetail } from '@/lib/police/queries';

export function RequestFacts({ detail }: { detail: RequestDetail }) {
  const { request } = detail;
  const rows: [string, string][] = [
    ['Jurisdiction', `${request.jurisdiction} (${request.timeZone})`],
    ['Legal reference', request.legalReference],
    ['Issuing court', request.issuingCourt ?? '—'],
    ['Authorising officer', request.authorisingOfficer ?? '—'],
    ['Officer', [request.officerName, request.officerRankBadge].filter(Boolean).join(', ')],
    ['Official e-mail', request.officerEmail],
    ['Phone', request.officerPhone || '—'],
    ['Received', formatInZone(request.receivedAt, request.timeZone)],
    ['Due date on document', request.documentDueDate ?? '—'],
    ['Date range', `${request.rangeFrom} to ${request.rangeTo} (inclusive)`],
    ['Categories requested', request.categories.map((c) => DATA_CATEGORY_LABELS[c]).join('; ')],
    ['Approved for disclosure', request.approvedCategories ? request.approvedCategories.map((c) => DATA_CATEGORY_LABELS[c]).join('; ') || 'none' : 'not decided'],
    ['Non-disclosure', request.nonDisclosure ? `yes${request.nonDisclosureExpiresOn ? `, until ${request.nonDisclosureExpiresOn}` : ''}` : 'no'],
  ];
  return (
    <Card title="Request">
      <dl className="grid grid-cols-[11rem_1fr] gap-y-1 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {request.emergencyFacts ? (
        <div className="mt-3 rounded border border-red-200 bg-red-50 p-2 text-sm">
          <p className="text-xs font-semibold uppercase text-red-800">Emergency facts</p>
          <p className="whitespace-pre-wrap">{request.emergencyFacts}</p>
        </div>
      ) : null}
      {detail.requestWarnings.length > 0 ? (
        <div className="mt-3 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900" data-testid="legal-warnings">
          <p className="text-xs font-semibold uppercase">Legal review warning</p>
          <ul className="list-disc pl-5">
            {detail.requestWarnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
