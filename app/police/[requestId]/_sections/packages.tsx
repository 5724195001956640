import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { ActionForm } from '@/components/ui/form';
import { EmptyState } from '@/components/ui/message';
import { Card } from '@/components/ui/page';
import { StatusPill } from '@/components/ui/pill';
import { formatDateTime } from '@/components/format';
import { ReleasePackageForm } from '@/components/police/release-package-form';
import { fourEyesMessage } from '@/lib/police/errors';
import { fourEyesConflict } from '@/lib/police/package';
import type { RequestDetail } from '@/lib/police/queries';
import { buildPackageAction, releasePackageAction } from '../../actions';

const BUILDABLE = ['approved', 'partially_approved', 'disclosed'];

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * A request's packages. A draft is reviewed in the browser (its files, row counts and contents,
 * every view audited) and never downloads; only a released package has a download link.
 */
export function PackagesSection({
  detail,
  actorId,
  canPrepare,
  canRelease,
}: {
  detail: RequestDetail;
  actorId: string;
  canPrepare: boolean;
  canRelease: boolean;
}) {
  const { request, packages, approvedBy } = detail;
  const latest = packages[0];
  return (
    <Card title="Disclosure packages">
      {packages.length === 0 ? (
        <EmptyState>No package built yet.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Packages">
          {packages.map((pkg) => {
            const conflict = fourEyesConflict(actorId, { preparedBy: pkg.preparedBy, approvedBy });
            return (
              <li key={pkg.id} className="py-2" data-testid={`package-v${pkg.version}`}>
                <div className="flex flex-wrap items-center gap-3">
                  <strong>Version {pkg.version}</strong>
                  <StatusPill status={pkg.status} />
                  <span>
                    prepared by {pkg.preparedByEmail}, {formatDateTime(pkg.preparedAt)}
                  </span>
                  {pkg.releasedAt ? (
                    <span>
                      released by {pkg.releasedByEmail}, {formatDateTime(pkg.releasedAt)}
                    </span>
                  ) : null}
                  {canRelease ? (
                    <Link className="text-sky-700 underline" href={`/police/${request.id}/packages/${pkg.id}`}>
                      Review files in the browser
                    </Link>
                  ) : null}
                  {pkg.status === 'released' ? (
                    <a className="text-sky-700 underline" href={`/api/police/packages/${pkg.id}`} download>
                      Download zip
                    </a>
                  ) : null}
                </div>
                <p className="mt-1 break-all font-mono text-xs text-slate-600">SHA-256 {pkg.sha256}</p>
                <ul className="mt-1 text-xs text-slate-600">
                  {pkg.manifest.files.map((file) => (
                    <li key={file.path} className="font-mono">
                      {file.path} · {file.bytes} bytes
                    </li>
                  ))}
                </ul>
                {pkg.status === 'draft' && pkg.id === latest?.id ? (
                  <p className="mt-1 text-xs font-medium text-amber-800" data-testid="awaiting-release">
                    Awaiting release by a second liaison or admin (not its preparer, not the legal approver). A draft is reviewed here, never
                    downloaded.
                  </p>
                ) : null}
                {canRelease && pkg.status === 'draft' && pkg.id === latest?.id ? (
                  <ReleasePackageForm
                    action={releasePackageAction}
                    packageId={pkg.id}
                    version={pkg.version}
                    blockedReason={conflict ? sentence(fourEyesMessage(conflict)) : null}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {canPrepare && BUILDABLE.includes(request.status) ? (
        <ActionForm action={buildPackageAction} className="mt-3 border-t border-slate-100 pt-3" successText="Package built.">
          <input type="hidden" name="requestId" value={request.id} />
          <button type="submit" className={buttonClass()}>
            {latest ? 'Build a new version' : 'Build disclosure package'}
          </button>
        </ActionForm>
      ) : null}
    </Card>
  );
}
