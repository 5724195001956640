import { AuditTrailLink } from '@/components/audit/audit-trail-link';
import { PageHeader } from '@/components/ui/page';
import { StatusPill } from '@/components/ui/pill';
import { auditViewHref } from '@/lib/audit/query';
import { can } from '@/lib/auth/permissions';
import { REQUEST_TYPE_LABELS } from '@/lib/police/contract';
import { formatInZone } from '@/lib/police/deadlines';
import { getRequestDetail } from '@/lib/police/queries';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';
import { z } from 'zod';
import { DocumentsSection } from './_sections/documents';
import { HistorySection } from './_sections/history';
import { HoldsSection } from './_sections/holds';
import { LegalReviewSection } from './_sections/legal-review';
import { PackagesSection } from './_sections/packages';
import { RequestFacts } from './_sections/facts';
import { TargetsSection } from './_sections/targets';
import { VerificationSection } from './_sections/verification';
import { WorkflowSection } from './_sections/workflow';

export const dynamic = 'force-dynamic';

export const metadata = { title: 'Police request · Lookout' };

export default async function PoliceRequestPage({ params }: { params: Promise<{ requestId: string }> }) {
  const rawId = (await params).requestId;
  const ctx = await requirePageContext('police:read', { action: 'police_request.view_denied', targetType: 'police_request', targetId: rawId });
  const { actor } = ctx;
  const requestId = routeSegment(rawId, z.uuid());
  const detail = await loadOrNotFound(getRequestDetail(ctx, requestId));
  const { request } = detail;
  const overdue = request.dueAt && request.dueAt <= ctx.now && detail.nextStatuses.length > 0;
  const may = {
    write: can(actor.role, 'police:write'),
    holds: can(actor.role, 'holds:manage'),
    prepare: can(actor.role, 'disclosures:prepare'),
    release: can(actor.role, 'disclosures:release'),
  };

  return (
    <>
      <PageHeader
        title={request.reference}
        description={
          <>
            {REQUEST_TYPE_LABELS[request.type]} · {request.agency} · <StatusPill status={request.status} />
            {request.dueAt ? (
              <span className={overdue ? 'ml-2 font-semibold text-red-700' : 'ml-2'}>
                {overdue ? 'Overdue: ' : 'Due '}
                {formatInZone(request.dueAt, request.timeZone)}
              </span>
            ) : (
              <span className="ml-2">No deadline on the document</span>
            )}
            {request.nonDisclosure ? (
              <span className="ml-2 rounded bg-purple-100 px-1.5 py-0.5 text-xs font-semibold text-purple-800">Non-disclosure order</span>
            ) : null}
          </>
        }
        actions={can(actor.role, 'audit:read') ? <AuditTrailLink href={auditViewHref({ targetType: 'police_request', targetId: request.id })} /> : undefined}
      />
      <div className="grid gap-4 xl:grid-cols-2">
        <RequestFacts detail={detail} />
        <div className="space-y-4">
          {may.write ? <WorkflowSection detail={detail} /> : null}
          <VerificationSection detail={detail} canWrite={may.write} />
        </div>
      </div>
      <div className="mt-4 space-y-4">
        <TargetsSection detail={detail} />
        {detail.request.status === 'legal_review' && may.write ? <LegalReviewSection detail={detail} /> : null}
        <HoldsSection detail={detail} canManage={may.holds} />
        <PackagesSection detail={detail} actorId={actor.id} canPrepare={may.prepare} canRelease={may.release} />
        <DocumentsSection detail={detail} canWrite={may.write} />
        <HistorySection detail={detail} />
      </div>
    </>
  );
}
