import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { EmptyState } from '@/components/ui/message';
import { Card } from '@/components/ui/page';
import { StatusPill } from '@/components/ui/pill';
import { formatDateTime } from '@/components/format';
import type { RequestDetail } from '@/lib/police/queries';
import { buildPackageAction, releasePackageAction } from '../../actions';

const BUILDABLE = ['approved', 'partially_approved', 'disclosed'];

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
  const { request, packages } = detail;
  const latest = packages[0];
  return (
    <Card title="Disclosure packages">
      {packages.length === 0 ? (
        <EmptyState>No package built yet.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Packages">
          {packages.map((pkg) => (
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
                <a className="text-sky-700 hover:underline" href={`/api/police/packages/${pkg.id}`} download>
                  Download zip
                </a>
              </div>
              <p className="mt-1 break-all font-mono text-xs text-slate-500">SHA-256 {pkg.sha256}</p>
              <ul className="mt-1 text-xs text-slate-600">
                {pkg.manifest.files.map((file) => (
                  <li key={file.path} className="font-mono">
                    {file.path} · {file.bytes} bytes
                  </li>
                ))}
              </ul>
              {canRelease && pkg.status === 'draft' && pkg.id === latest?.id ? (
                <ActionForm action={releasePackageAction} className="mt-2 flex items-end gap-2" successText="Released.">
                  <input type="hidden" name="packageId" value={pkg.id} />
                  <input name="reason" aria-label="Release note" placeholder="Checked against the order" className={`${inputClass} max-w-sm`} />
                  <button type="submit" className={buttonClass()}>
                    Release to the agency
                  </button>
                  {pkg.preparedBy === actorId ? (
                    <span className="text-xs text-slate-500">You prepared it: a second liaison or admin must release it.</span>
                  ) : null}
                </ActionForm>
              ) : null}
            </li>
          ))}
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
