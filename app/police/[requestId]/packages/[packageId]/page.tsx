import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { Card, PageHeader } from '@/components/ui/page';
import { StatusPill } from '@/components/ui/pill';
import { reviewPackage, reviewPackageSchema } from '@/lib/police/package-review';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Review disclosure package · Lookout' };

type Search = Promise<Record<string, string | string[] | undefined>>;

/**
 * The in-browser review of a disclosure package: how a second person checks a draft before
 * releasing it, since a draft never downloads. Each view (file list, each page) is audited.
 */
export default async function ReviewPackagePage({ params, searchParams }: { params: Promise<{ requestId: string; packageId: string }>; searchParams: Search }) {
  const raw = await params;
  const ctx = await requirePageContext('disclosures:release', {
    action: 'disclosure_package.review_denied',
    targetType: 'disclosure_package',
    targetId: raw.packageId,
  });
  const requestId = routeSegment(raw.requestId, z.uuid());
  const search = await searchParams;
  const parsed = reviewPackageSchema.safeParse({
    packageId: routeSegment(raw.packageId, z.uuid()),
    file: typeof search.file === 'string' ? search.file : undefined,
    page: typeof search.page === 'string' ? search.page : undefined,
  });
  // A hand-edited file name or page number names nothing in this package.
  if (!parsed.success) notFound();
  const review = await loadOrNotFound(reviewPackage(ctx, parsed.data));
  const { package: pkg, files, view } = review;
  if (pkg.requestId !== requestId) notFound();
  const here = `/police/${requestId}/packages/${pkg.id}`;
  const fileLink = (path: string, page = 1) => `${here}?${new URLSearchParams({ file: path, page: String(page) })}`;

  return (
    <>
      <PageHeader
        title={`${pkg.reference} · package version ${pkg.version}`}
        description={
          <>
            <StatusPill status={pkg.status} /> <span className="ml-2 font-mono text-xs">SHA-256 {pkg.sha256}</span>{' '}
            <Link className="ml-2 text-sky-700 underline" href={`/police/${requestId}`}>
              Back to the request
            </Link>
          </>
        }
      />
      <div className="space-y-4">
        <Card title="Files">
          <p className="mb-2 text-sm text-slate-600">
            {pkg.status === 'draft'
              ? 'A draft is reviewed here and never downloads. Each file and page you open is recorded in the audit log.'
              : 'Released. Each file and page you open is recorded in the audit log.'}
          </p>
          <table className="w-full text-sm" aria-label="Files in the package">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-600">
                <th className="py-1.5 pr-3 font-medium">File</th>
                <th className="py-1.5 pr-3 font-medium">Contents</th>
                <th className="py-1.5 pr-3 font-medium">Bytes</th>
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.path} className="border-b border-slate-100" data-testid={`file-${file.path}`}>
                  <td className="py-1.5 pr-3 font-mono">
                    <Link className="text-sky-700 underline" href={fileLink(file.path)} aria-current={view?.path === file.path ? 'page' : undefined}>
                      {file.path}
                    </Link>
                  </td>
                  <td className="py-1.5 pr-3 tabular-nums">
                    {file.units} {file.unitLabel}
                  </td>
                  <td className="py-1.5 pr-3 tabular-nums">{file.bytes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        {view ? (
          <Card title={`${view.path} · page ${view.page} of ${view.pageCount}`}>
            {view.kind === 'table' ? (
              <div className="overflow-x-auto">
                <table className="w-full font-mono text-xs" aria-label={`Contents of ${view.path}`}>
                  <thead>
                    <tr className="border-b border-slate-200 text-left text-slate-600">
                      {view.header.map((cell, index) => (
                        <th key={index} className="py-1 pr-3 font-medium">
                          {cell}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {view.rows.map((row, rowIndex) => (
                      <tr key={rowIndex} className="border-b border-slate-100">
                        {row.map((cell, index) => (
                          <td key={index} className="py-1 pr-3">
                            {cell}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <pre aria-label={`Contents of ${view.path}`} className="whitespace-pre-wrap font-mono text-xs">
                {view.lines.join('\n')}
              </pre>
            )}
            <nav aria-label="Pages" className="mt-3 flex gap-3 text-sm">
              {view.page > 1 ? (
                <Link className="text-sky-700 underline" href={fileLink(view.path, view.page - 1)}>
                  ← Previous page
                </Link>
              ) : null}
              {view.page < view.pageCount ? (
                <Link className="text-sky-700 underline" href={fileLink(view.path, view.page + 1)}>
                  Next page →
                </Link>
              ) : null}
            </nav>
          </Card>
        ) : null}
      </div>
    </>
  );
}
