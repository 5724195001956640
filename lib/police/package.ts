import JSZip from 'jszip';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { disclosurePackages, policeRequestEvents, policeRequestTargets, staff } from '@/db/schema';
import { sha256Hex } from '../audit/canonical';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { LONG_TEXT_MAX, REQUEST_TYPE_LABELS, type RequestStatus } from './contract';
import { coverLetterPdf } from './cover-letter';
import { rangeBounds } from './deadlines';
import { DraftDownloadError, FourEyesError } from './errors';
import { optionalText } from './form-values';
import { LEGAL_SCOPE } from './legal';
import { collectDisclosureData, type PackageFile } from './package-data';
import { applyTransition, lockRequest } from './workflow';
import { DomainError, notFound } from '../errors';

/** Statuses a package can be built in: approved, or already disclosed (a correction is a new version). */
const PACKAGE_STATUSES_ALLOWED: readonly RequestStatus[] = ['approved', 'partially_approved', 'disclosed'];

export interface ManifestEntry {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  reference: string;
  version: number;
  preparedAt: string;
  preparedBy: string;
  scope: { accounts: string[]; categories: string[]; rangeFrom: string; rangeTo: string; timeZone: string };
  files: ManifestEntry[];
}

export type DisclosurePackage = Omit<typeof disclosurePackages.$inferSelect, 'zip' | 'manifest'> & { manifest: Manifest };

export const packageRefSchema = z.object({ packageId: z.uuid('package id: not a valid id') });
export const buildPackageSchema = z.object({ requestId: z.uuid('request id: not a valid id') });
export const releasePackageSchema = packageRefSchema.extend({ reason: optionalText(LONG_TEXT_MAX) });
/** The release form: the same, plus the releaser's confirmation that they reviewed the files (release is irreversible). */
export const releaseFormSchema = releasePackageSchema.extend({
  confirmed: z.literal('on', { error: 'tick "I have reviewed the files" to confirm: a release cannot be undone' }),
});

async function zipFiles(files: PackageFile[], date: Date): Promise<Buffer> {
  const zip = new JSZip();
  for (const file of files) zip.file(file.path, file.content, { date, binary: true });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}

/**
 * Builds the next version of a request's disclosure package, limited to the targets decided
 * `produce`, the approved categories and the date range: CSV files, a PDF cover letter and
 * manifest.json with the SHA-256 of every file. Stored as a draft until a second person
 * releases it. Liaison/admin (disclosures:prepare).
 */
export async function buildPackage(ctx: LibContext, input: z.output<typeof buildPackageSchema>): Promise<DisclosurePackage> {
  const actor = requirePermission(ctx.actor, 'disclosures:prepare');
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const request = await lockRequest(tx, input.requestId);
    if (!PACKAGE_STATUSES_ALLOWED.includes(request.status)) {
      throw new DomainError('conflict', `a package is built for an approved request; ${request.reference} is ${request.status}`);
    }
    const approvedCategories = request.approvedCategories ?? [];
    if (!approvedCategories.length) throw new DomainError('conflict', `${request.reference}: no data category was approved for disclosure`);
    const targets = await tx.select().from(policeRequestTargets).where(eq(policeRequestTargets.requestId, request.id));
    const produced = targets.filter((t) => t.decision === 'produce' && t.accountId) as (typeof targets[number] & { accountId: string })[];
    if (!produced.length) throw new DomainError('conflict', `${request.reference}: no account was approved for production`);

    const { from, to } = rangeBounds(request.rangeFrom, request.rangeTo, request.timeZone);
    const accountIds = [...new Set(produced.map((t) => t.accountId))].sort();
    const data = await collectDisclosureData(tx, { accountIds, categories: approvedCategories, from, to });
    const [latest] = await tx
      .select({ version: disclosurePackages.version })
      .from(disclosurePackages)
      .where(eq(disclosurePackages.requestId, request.id))
      .orderBy(desc(disclosurePackages.version))
      .limit(1);
    const version = (latest?.version ?? 0) + 1;

    const letter = await coverLetterPdf({
      reference: request.reference,
      version,
      preparedAt: now,
      preparedBy: actor.email,
      agency: request.agency,
      officer: [request.officerName, request.officerRankBadge].filter(Boolean).join(', '),
      officerEmail: request.officerEmail,
      jurisdiction: request.jurisdiction,
      typeLabel: REQUEST_TYPE_LABELS[request.type],
      legalReference: request.legalReference,
      issuingCourt: request.issuingCourt,
      authorisingOfficer: request.authorisingOfficer,
      legalBasis: LEGAL_SCOPE[request.type].basis,
      rangeFrom: request.rangeFrom,
      rangeTo: request.rangeTo,
      timeZone: request.timeZone,
      requestedCategories: request.categories,
      approvedCategories,
      produced: produced.map((t) => ({ identifier: t.identifier, accountId: t.accountId })),
      notProduced: targets
        .filter((t) => t.decision !== 'produce' || !t.accountId)
        .map((t) => ({ identifier: t.identifier, reason: t.decisionReason ?? 'not decided' })),
      rowCounts: data.rowCounts,
      partialConversations: data.partialConversations,
      nonDisclosure: request.nonDisclosure,
      nonDisclosureExpiresOn: request.nonDisclosureExpiresOn,
    });
    const files: PackageFile[] = [{ path: 'cover-letter.pdf', content: Buffer.from(letter) }, ...data.files];
    const manifest: Manifest = {
      reference: request.reference,
      version,
      preparedAt: now.toISOString(),
      preparedBy: actor.email,
      scope: { accounts: accountIds, categories: approvedCategories, rangeFrom: request.rangeFrom, rangeTo: request.rangeTo, timeZone: request.timeZone },
      files: files.map((file) => ({ path: file.path, bytes: file.content.length, sha256: sha256Hex(file.content) })),
    };
    const zip = await zipFiles([...files, { path: 'manifest.json', content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) }], now);
    const sha256 = sha256Hex(zip);

    const [row] = await tx
      .insert(disclosurePackages)
      .values({ requestId: request.id, version, preparedBy: actor.id, preparedAt: now, sha256, manifest, sizeBytes: zip.length, zip })
      .returning();
    await appendAudit(tx, {
      actor,
      action: 'disclosure_package.build',
      targetType: 'disclosure_package',
      targetId: row!.id,
      changes: { reference: request.reference, version, sha256, files: manifest.files, rowCounts: data.rowCounts },
      requestAddress: ctx.requestAddress,
    });
    const { zip: _zip, ...stored } = row!;
    return { ...stored, manifest };
  });
}

/** Building block: who recorded the legal decision the request's packages rest on (its newest approval), if anyone. */
export async function legalApprover(db: Db, requestId: string): Promise<string | null> {
  const [event] = await db
    .select({ actorId: policeRequestEvents.actorId })
    .from(policeRequestEvents)
    .where(and(eq(policeRequestEvents.requestId, requestId), inArray(policeRequestEvents.toStatus, ['approved', 'partially_approved'])))
    .orderBy(desc(policeRequestEvents.id))
    .limit(1);
  return event?.actorId ?? null;
}

/**
 * The four-eyes rule for one release, in one place for the lib and the page: the releaser is
 * neither the preparer of the package nor the approver of the legal review. Null when allowed.
 */
export function fourEyesConflict(releaserId: string, pkg: { preparedBy: string; approvedBy: string | null }): 'prepared' | 'approved' | null {
  if (pkg.preparedBy === releaserId) return 'prepared';
  if (pkg.approvedBy === releaserId) return 'approved';
  return null;
}

/**
 * Releases a draft package to the requesting agency: four-eyes, so the person who prepared it, and
 * the person who approved the legal review, are refused (a 403 the web guard audits as a denial). Only the newest version can be released; the request becomes `disclosed`. After this
 * the database refuses any change to the package. Liaison/admin (disclosures:release).
 */
export async function releasePackage(ctx: LibContext, input: z.output<typeof releasePackageSchema>): Promise<DisclosurePackage> {
  const actor = requirePermission(ctx.actor, 'disclosures:release');
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const [pkg] = await tx
      .select({ id: disclosurePackages.id, requestId: disclosurePackages.requestId, version: disclosurePackages.version, status: disclosurePackages.status, preparedBy: disclosurePackages.preparedBy, sha256: disclosurePackages.sha256 })
      .from(disclosurePackages)
      .where(eq(disclosurePackages.id, input.packageId))
      .for('update');
    if (!pkg) throw notFound(`disclosure package ${input.packageId}`);
    if (pkg.status === 'released') throw new DomainError('conflict', `version ${pkg.version} is already released; a correction is a new version`);
    const conflict = fourEyesConflict(actor.id, { preparedBy: pkg.preparedBy, approvedBy: await legalApprover(tx, pkg.requestId) });
    if (conflict) throw new FourEyesError(pkg.id, conflict);
    const request = await lockRequest(tx, pkg.requestId);
    const [newer] = await tx
      .select({ version: disclosurePackages.version })
      .from(disclosurePackages)
      .where(eq(disclosurePackages.requestId, pkg.requestId))
      .orderBy(desc(disclosurePackages.version))
      .limit(1);
    if (newer && newer.version !== pkg.version) throw new DomainError('conflict', `version ${pkg.version} is superseded by version ${newer.version}`);
    if (!PACKAGE_STATUSES_ALLOWED.includes(request.status)) {
      throw new DomainError('conflict', `${request.reference} is ${request.status}: nothing may be released`);
    }
    const reason = input.reason ?? `disclosure package version ${pkg.version} released`;
    if (request.status !== 'disclosed') await applyTransition(tx, actor.id, request, 'disclosed', reason, now);
    const [released] = await tx
      .update(disclosurePackages)
      .set({ status: 'released', releasedBy: actor.id, releasedAt: now, releaseReason: input.reason ?? null })
      .where(and(eq(disclosurePackages.id, pkg.id), eq(disclosurePackages.status, 'draft')))
      .returning();
    await appendAudit(tx, {
      actor,
      action: 'disclosure_package.release',
      targetType: 'disclosure_package',
      targetId: pkg.id,
      changes: {
        reference: request.reference,
        version: pkg.version,
        sha256: pkg.sha256,
        ...(request.status !== 'disclosed' ? { requestStatus: { from: request.status, to: 'disclosed' } } : {}),
      },
      reason,
      requestAddress: ctx.requestAddress,
    });
    const { zip: _zip, manifest, ...rest } = released!;
    return { ...rest, manifest: manifest as Manifest };
  });
}

/**
 * A released package's zip, for a liaison or admin to send; every download is audited. A draft
 * never downloads, for anyone (its preparer included): it is reviewed in the browser
 * (package-review.ts), so no data leaves before a second person released it.
 */
export async function downloadPackage(ctx: LibContext, input: z.output<typeof packageRefSchema>): Promise<{ filename: string; zip: Buffer; sha256: string }> {
  const actor = requirePermission(ctx.actor, 'police:read');
  return ctx.db.transaction(async (tx) => {
    const [pkg] = await tx.select().from(disclosurePackages).where(eq(disclosurePackages.id, input.packageId));
    if (!pkg) throw notFound(`disclosure package ${input.packageId}`);
    if (pkg.status !== 'released') throw new DraftDownloadError(pkg.id, pkg.version);
    const { reference } = pkg.manifest as Manifest;
    await appendAudit(tx, {
      actor,
      action: 'disclosure_package.download',
      targetType: 'disclosure_package',
      targetId: pkg.id,
      changes: { reference, version: pkg.version, status: pkg.status, sha256: pkg.sha256 },
      requestAddress: ctx.requestAddress,
    });
    return { filename: `${reference}-v${pkg.version}.zip`, zip: pkg.zip, sha256: pkg.sha256 };
  });
}

/** A request's packages, newest first, with who prepared and released each. Liaison/admin. */
export async function listPackages(ctx: LibContext, requestId: string) {
  requirePermission(ctx.actor, 'police:read');
  const preparer = alias(staff, 'preparer');
  const releaser = alias(staff, 'releaser');
  const rows = await ctx.db
    .select({
      id: disclosurePackages.id,
      version: disclosurePackages.version,
      status: disclosurePackages.status,
      preparedBy: disclosurePackages.preparedBy,
      preparedByEmail: preparer.email,
      preparedAt: disclosurePackages.preparedAt,
      releasedByEmail: releaser.email,
      releasedAt: disclosurePackages.releasedAt,
      sha256: disclosurePackages.sha256,
      sizeBytes: disclosurePackages.sizeBytes,
      manifest: disclosurePackages.manifest,
    })
    .from(disclosurePackages)
    .innerJoin(preparer, eq(preparer.id, disclosurePackages.preparedBy))
    .leftJoin(releaser, eq(releaser.id, disclosurePackages.releasedBy))
    .where(eq(disclosurePackages.requestId, requestId))
    .orderBy(desc(disclosurePackages.version));
  return rows.map((row) => ({ ...row, manifest: row.manifest as Manifest }));
}
