import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { and, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { disclosurePackages, policeRequests, staff } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { DomainError, notFound } from '../errors';
import { fourEyesConflict, legalApprover, type Manifest } from './package';
import { pdfPageLines } from './pdf-text';

/** Rows (CSV) or lines (other text) shown per page of the in-browser review. */
export const REVIEW_PAGE_SIZE = 50;

export const reviewPackageSchema = z.object({
  packageId: z.uuid('package id: not a valid id'),
  file: z.string().trim().max(200, 'file: at most 200 characters').optional(),
  page: z.coerce.number({ error: 'page: a number' }).int('page: a whole number').min(1, 'page: from 1').max(100_000).default(1),
});
export type ReviewPackageInput = z.output<typeof reviewPackageSchema>;

export interface ReviewedFile {
  path: string;
  bytes: number;
  sha256: string;
  /** Data rows of a CSV file (header excluded), pages of the PDF, or lines of any other text. */
  units: number;
  unitLabel: 'rows' | 'pages' | 'lines';
}

export type ReviewView =
  | { kind: 'table'; path: string; page: number; pageCount: number; header: string[]; rows: string[][] }
  | { kind: 'text'; path: string; page: number; pageCount: number; lines: string[] };

type FileContent = { kind: 'table'; header: string[]; rows: string[][] } | { kind: 'pdf'; pages: string[][] } | { kind: 'text'; lines: string[] };

async function readContent(path: string, bytes: Buffer): Promise<FileContent> {
  if (path.endsWith('.csv')) {
    const [header = [], ...rows] = parse(bytes, { relax_column_count: true }) as string[][];
    return { kind: 'table', header, rows };
  }
  if (path.endsWith('.pdf')) return { kind: 'pdf', pages: await pdfPageLines(bytes) };
  return { kind: 'text', lines: bytes.toString('utf8').split('\n') };
}

function describe(entry: Manifest['files'][number], content: FileContent): ReviewedFile {
  if (content.kind === 'table') return { ...entry, units: content.rows.length, unitLabel: 'rows' };
  if (content.kind === 'pdf') return { ...entry, units: content.pages.length, unitLabel: 'pages' };
  return { ...entry, units: content.lines.length, unitLabel: 'lines' };
}

function pageOf(path: string, content: FileContent, page: number): ReviewView {
  if (content.kind === 'pdf') {
    const pageCount = Math.max(content.pages.length, 1);
    if (page > pageCount) throw new DomainError('invalid_input', `${path} has ${pageCount} page(s); page ${page} does not exist`);
    return { kind: 'text', path, page, pageCount, lines: content.pages[page - 1] ?? [] };
  }
  const all = content.kind === 'table' ? content.rows : content.lines;
  const pageCount = Math.max(Math.ceil(all.length / REVIEW_PAGE_SIZE), 1);
  if (page > pageCount) throw new DomainError('invalid_input', `${path} has ${pageCount} page(s); page ${page} does not exist`);
  const slice = all.slice((page - 1) * REVIEW_PAGE_SIZE, page * REVIEW_PAGE_SIZE);
  return content.kind === 'table'
    ? { kind: 'table', path, page, pageCount, header: content.header, rows: slice as string[][] }
    : { kind: 'text', path, page, pageCount, lines: slice as string[] };
}

/**
 * The in-browser review of a package (draft or released): its files with their row counts and,
 * when a file is named, one page of its contents. This is how a second person checks a draft
 * before releasing it — drafts never download. Every view is audited (`disclosure_package.review`,
 * with the file and page), since it shows the disclosed data itself. Liaison/admin.
 */
export async function reviewPackage(ctx: LibContext, input: ReviewPackageInput) {
  const actor = requirePermission(ctx.actor, 'disclosures:release');
  return ctx.db.transaction(async (tx) => {
    const [pkg] = await tx.select().from(disclosurePackages).where(eq(disclosurePackages.id, input.packageId));
    if (!pkg) throw notFound(`Disclosure package ${input.packageId}`);
    const manifest = pkg.manifest as Manifest;
    const zip = await JSZip.loadAsync(pkg.zip);
    const contents = new Map<string, FileContent>();
    for (const entry of manifest.files) {
      const file = zip.file(entry.path);
      if (file) contents.set(entry.path, await readContent(entry.path, await file.async('nodebuffer')));
    }
    const files = manifest.files.map((entry) => describe(entry, contents.get(entry.path) ?? { kind: 'text', lines: [] }));
    let view: ReviewView | null = null;
    if (input.file !== undefined) {
      const content = contents.get(input.file);
      if (!content) throw new DomainError('not_found', `${input.file} is not a file of version ${pkg.version}`);
      view = pageOf(input.file, content, input.page);
    }
    const approvedBy = await legalApprover(tx, pkg.requestId);
    await appendAudit(tx, {
      actor,
      action: 'disclosure_package.review',
      targetType: 'disclosure_package',
      targetId: pkg.id,
      changes: { reference: manifest.reference, version: pkg.version, status: pkg.status, file: view?.path ?? null, page: view?.page ?? null },
      requestAddress: ctx.requestAddress,
    });
    return {
      package: { id: pkg.id, requestId: pkg.requestId, version: pkg.version, status: pkg.status, sha256: pkg.sha256, reference: manifest.reference },
      files,
      view,
      releaseConflict: pkg.status === 'draft' ? fourEyesConflict(actor.id, { preparedBy: pkg.preparedBy, approvedBy }) : null,
    };
  });
}

/**
 * Drafts waiting for a second person: the newest version of each request that may still be
 * disclosed, with whether this member may release it (not its preparer, not the legal approver).
 * Shown on the police list so a package does not sit unnoticed. Liaison/admin.
 */
export async function packagesAwaitingRelease(ctx: LibContext, _input: Record<string, never> = {}) {
  const actor = requirePermission(ctx.actor, 'police:read');
  const preparer = alias(staff, 'preparer');
  const newer = alias(disclosurePackages, 'newer');
  const rows = await ctx.db
    .select({
      packageId: disclosurePackages.id,
      requestId: disclosurePackages.requestId,
      reference: policeRequests.reference,
      version: disclosurePackages.version,
      preparedBy: disclosurePackages.preparedBy,
      preparedByEmail: preparer.email,
      preparedAt: disclosurePackages.preparedAt,
    })
    .from(disclosurePackages)
    .leftJoin(newer, and(eq(newer.requestId, disclosurePackages.requestId), gt(newer.version, disclosurePackages.version)))
    .innerJoin(policeRequests, eq(policeRequests.id, disclosurePackages.requestId))
    .innerJoin(preparer, eq(preparer.id, disclosurePackages.preparedBy))
    .where(and(eq(disclosurePackages.status, 'draft'), isNull(newer.id), inArray(policeRequests.status, ['approved', 'partially_approved', 'disclosed'])))
    .orderBy(desc(disclosurePackages.preparedAt));
  return Promise.all(
    rows.map(async (row) => ({
      ...row,
      conflict: fourEyesConflict(actor.id, { preparedBy: row.preparedBy, approvedBy: await legalApprover(ctx.db, row.requestId) }),
    })),
  );
}
