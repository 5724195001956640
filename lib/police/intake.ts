import { inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { accounts, policeRequestEvents, policeRequests, policeRequestTargets } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import {
  DATA_CATEGORIES,
  LONG_TEXT_MAX,
  REQUEST_TYPES,
  TARGETS_MAX,
  TEXT_MAX,
  type RequestType,
  type TargetResolution,
} from './contract';
import { computeDueAt, isTimeZone, parseInstant } from './deadlines';
import { checkbox, listOf, localDate, optionalLocalDate, optionalText, requiredText } from './form-values';
import { storableString } from '../validation/text';

/** Types whose legal basis needs a named authorising officer (IPA designated person; DPA Sch. 2 sign-off). */
export const NEEDS_AUTHORISING_OFFICER: readonly RequestType[] = ['uk_ipa_communications_data', 'uk_dpa_schedule2'];
/** Types that are issued by a court, whose name must be on record. */
export const NEEDS_ISSUING_COURT: readonly RequestType[] = ['court_order', 'search_warrant', 'uk_overseas_production_order'];

/** The intake form and every other caller that records a request. */
export const requestIntakeSchema = z
  .object({
    type: z.enum(REQUEST_TYPES, { error: 'choose the legal type of the request' }),
    jurisdiction: requiredText(TEXT_MAX, 'jurisdiction'),
    timeZone: storableString().trim().refine(isTimeZone, 'time zone: not a known IANA zone (e.g. Europe/London)'),
    agency: requiredText(TEXT_MAX, 'agency'),
    officerName: requiredText(TEXT_MAX, 'officer name'),
    officerRankBadge: optionalText(TEXT_MAX),
    officerEmail: z.email('officer e-mail: not an e-mail address').max(320),
    officerPhone: optionalText(64),
    authorisingOfficer: optionalText(TEXT_MAX),
    legalReference: requiredText(TEXT_MAX, 'legal reference'),
    issuingCourt: optionalText(TEXT_MAX),
    // Blank means now. A local date-time is read in timeZone.
    receivedAt: optionalText(40),
    documentDueDate: optionalLocalDate,
    rangeFrom: localDate,
    rangeTo: localDate,
    categories: listOf(z.enum(DATA_CATEGORIES)).pipe(z.array(z.enum(DATA_CATEGORIES)).min(1, 'choose at least one data category')),
    nonDisclosure: checkbox,
    nonDisclosureExpiresOn: optionalLocalDate,
    emergencyFacts: optionalText(LONG_TEXT_MAX),
    targets: listOf(storableString().max(TEXT_MAX))
      .pipe(z.array(storableString()).min(1, 'name at least one account (username or account id)').max(TARGETS_MAX))
      .transform((targets) => [...new Set(targets)]),
  })
  .superRefine((input, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (input.rangeFrom > input.rangeTo) issue('rangeTo', 'date range: the end is before the start');
    if (input.receivedAt && isTimeZone(input.timeZone) && !parseInstant(input.receivedAt, input.timeZone)) {
      issue('receivedAt', 'received at: expected a date-time such as 2025-03-30T09:15');
    }
    if (input.type === 'emergency_disclosure' && !input.emergencyFacts) {
      issue('emergencyFacts', 'emergency facts are required for an emergency disclosure request');
    }
    if (NEEDS_AUTHORISING_OFFICER.includes(input.type) && !input.authorisingOfficer) {
      issue('authorisingOfficer', 'this legal basis needs the authorising officer');
    }
    if (NEEDS_ISSUING_COURT.includes(input.type) && !input.issuingCourt) {
      issue('issuingCourt', 'this legal basis needs the issuing court');
    }
    if (input.nonDisclosureExpiresOn && !input.nonDisclosure) {
      issue('nonDisclosureExpiresOn', 'a non-disclosure expiry needs the non-disclosure box ticked');
    }
  })
  .transform((input) => ({
    ...input,
    receivedAt: input.receivedAt ? (parseInstant(input.receivedAt, input.timeZone) as Date) : null,
  }));

export type RequestIntake = z.output<typeof requestIntakeSchema>;

export interface ResolvedTarget {
  identifier: string;
  resolution: TargetResolution;
  accountId: string | null;
}

/**
 * Building block (inside createRequest's transaction): matches each identifier exactly: first as an account id, then as a username (a leading @ is
 * ignored). No fuzzy matching: an identifier that matches nothing is `unknown`, one that matches
 * several accounts' usernames is `ambiguous`; both are kept and shown.
 */
export async function resolveTargets(db: Db, identifiers: string[]): Promise<ResolvedTarget[]> {
  const bare = identifiers.map((identifier) => identifier.replace(/^@/, ''));
  const candidates = bare.length
    ? await db
        .select({ accountId: accounts.accountId, username: accounts.username })
        .from(accounts)
        .where(or(inArray(accounts.accountId, bare), inArray(accounts.username, bare)))
    : [];
  return identifiers.map((identifier, index) => {
    const wanted = bare[index] as string;
    const byId = candidates.find((row) => row.accountId === wanted);
    if (byId) return { identifier, resolution: 'account_id', accountId: byId.accountId };
    const byName = candidates.filter((row) => row.username === wanted);
    if (byName.length === 1) return { identifier, resolution: 'username', accountId: byName[0]!.accountId };
    return { identifier, resolution: byName.length > 1 ? 'ambiguous' : 'unknown', accountId: null };
  });
}

/** Records a request as received, with its targets resolved and its deadline computed. Liaison/admin. */
export async function createRequest(
  ctx: LibContext,
  input: RequestIntake,
): Promise<{ id: string; reference: string; dueAt: Date | null; targets: ResolvedTarget[] }> {
  const actor = requirePermission(ctx.actor, 'police:write');
  const now = ctx.now;
  const receivedAt = input.receivedAt ?? now;
  const dueAt = computeDueAt({ type: input.type, receivedAt, timeZone: input.timeZone, documentDueDate: input.documentDueDate });
  return ctx.db.transaction(async (tx) => {
    const targets = await resolveTargets(tx, input.targets);
    const [request] = await tx
      .insert(policeRequests)
      .values({
        type: input.type,
        jurisdiction: input.jurisdiction,
        timeZone: input.timeZone,
        agency: input.agency,
        officerName: input.officerName,
        officerRankBadge: input.officerRankBadge ?? '',
        officerEmail: input.officerEmail,
        officerPhone: input.officerPhone ?? '',
        authorisingOfficer: input.authorisingOfficer ?? null,
        legalReference: input.legalReference,
        issuingCourt: input.issuingCourt ?? null,
        receivedAt,
        documentDueDate: input.documentDueDate ?? null,
        dueAt,
        rangeFrom: input.rangeFrom,
        rangeTo: input.rangeTo,
        categories: input.categories,
        nonDisclosure: input.nonDisclosure,
        nonDisclosureExpiresOn: input.nonDisclosureExpiresOn ?? null,
        emergencyFacts: input.emergencyFacts ?? null,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: policeRequests.id, reference: policeRequests.reference });
    const { id, reference } = request!;
    await tx.insert(policeRequestTargets).values(targets.map((target) => ({ requestId: id, ...target })));
    await tx
      .insert(policeRequestEvents)
      .values({ requestId: id, fromStatus: null, toStatus: 'received', reason: 'request recorded', actorId: actor.id, at: now });
    await appendAudit(tx, {
      actor,
      action: 'police_request.create',
      targetType: 'police_request',
      targetId: id,
      changes: {
        reference,
        type: input.type,
        jurisdiction: input.jurisdiction,
        agency: input.agency,
        categories: input.categories,
        range: [input.rangeFrom, input.rangeTo],
        dueAt,
        targets,
      },
      requestAddress: ctx.requestAddress,
    });
    return { id, reference, dueAt, targets };
  });
}
