import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { policeRequestAttachments, policeRequests, policeRequestTargets } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import {
  DATA_CATEGORIES,
  DATA_CATEGORY_LABELS,
  LONG_TEXT_MAX,
  REQUEST_TYPE_LABELS,
  TARGET_DECISIONS,
  type DataCategory,
  type RequestStatus,
  type RequestType,
} from './contract';
import { checkbox, listOf, optionalText, requiredText } from './form-values';
import { applyTransition, lockRequest } from './workflow';
import { DomainError } from '../errors';

/**
 * What each legal type can require Lookout to disclose, and why. The legal review warns when a
 * request (or an approval) reaches beyond this; approving past a warning needs an explicit
 * acknowledgement, recorded in the audit log.
 *
 * | type                          | may produce                     | basis |
 * |-------------------------------|---------------------------------|-------|
 * | preservation                  | nothing                         | 18 U.S.C. 2703(f) preserves; disclosure needs separate process |
 * | emergency_disclosure          | subscriber, non_content, content| voluntary, 18 U.S.C. 2702(b)(8)/(c)(4): good-faith belief of danger of death or serious injury |
 * | subpoena                      | subscriber                      | 18 U.S.C. 2703(c)(2): basic subscriber records only |
 * | court_order                   | subscriber, non_content         | 18 U.S.C. 2703(d): records, not content |
 * | search_warrant                | subscriber, non_content, content| 18 U.S.C. 2703(a)/(b) |
 * | mlat                          | subscriber, non_content, content| executed through a domestic warrant or order; the order decides |
 * | uk_dpa_schedule2              | subscriber                      | DPA 2018 Sch. 2 para. 2 permits, does not compel: subscriber details only |
 * | uk_ipa_communications_data    | subscriber, non_content         | IPA 2016 Part 3: communications data, never content |
 * | uk_overseas_production_order  | subscriber, non_content, content| Crime (Overseas Production Orders) Act 2019 |
 * | other                         | nothing                         | unknown basis: every category needs legal advice |
 */
export const LEGAL_SCOPE: Record<RequestType, { compels: readonly DataCategory[]; basis: string }> = {
  preservation: { compels: [], basis: '18 U.S.C. 2703(f) requires preservation only; disclosure needs separate legal process' },
  emergency_disclosure: {
    compels: ['subscriber', 'non_content', 'content'],
    basis: 'voluntary disclosure in an emergency (18 U.S.C. 2702(b)(8), (c)(4)) on a good-faith belief of danger of death or serious physical injury',
  },
  subpoena: { compels: ['subscriber'], basis: '18 U.S.C. 2703(c)(2): basic subscriber records' },
  court_order: { compels: ['subscriber', 'non_content'], basis: '18 U.S.C. 2703(d) order: records other than content' },
  search_warrant: { compels: ['subscriber', 'non_content', 'content'], basis: '18 U.S.C. 2703 warrant: content and records' },
  mlat: { compels: ['subscriber', 'non_content', 'content'], basis: 'mutual legal assistance, executed through a domestic order or warrant' },
  uk_dpa_schedule2: {
    compels: ['subscriber'],
    basis: 'Data Protection Act 2018 Schedule 2 paragraph 2 permits (does not compel) disclosure for crime prevention: subscriber details',
  },
  uk_ipa_communications_data: {
    compels: ['subscriber', 'non_content'],
    basis: 'Investigatory Powers Act 2016 Part 3 authorisation: communications data, never content',
  },
  uk_overseas_production_order: {
    compels: ['subscriber', 'non_content', 'content'],
    basis: 'Crime (Overseas Production Orders) Act 2019 order',
  },
  other: { compels: [], basis: 'no recognised legal basis: legal advice needed for every category' },
};

/** One line per category the legal type cannot require; empty when the request stays within it. */
export function legalWarnings(type: RequestType, categories: readonly DataCategory[]): string[] {
  const { compels } = LEGAL_SCOPE[type];
  return categories
    .filter((category) => !compels.includes(category))
    .map((category) => `${REQUEST_TYPE_LABELS[type]} cannot compel ${DATA_CATEGORY_LABELS[category].toLowerCase()}`);
}

/** Statuses from which a request has had its legal decision to disclose. */
const APPROVED_STATUSES: readonly RequestStatus[] = ['approved', 'partially_approved', 'disclosed', 'closed'];

/**
 * An emergency disclosure is approved on the officer's account of the emergency, without the legal
 * process; the agency's written statement of the emergency is then owed, and shown as owed on the
 * request until a document of that kind is attached.
 */
export function emergencyStatementOwed(
  request: { type: RequestType; status: RequestStatus },
  attachments: readonly { kind: string }[],
  history: readonly { toStatus: RequestStatus }[],
): boolean {
  if (request.type !== 'emergency_disclosure') return false;
  const approved = APPROVED_STATUSES.includes(request.status) && history.some((event) => event.toStatus === 'approved' || event.toStatus === 'partially_approved');
  return approved && !attachments.some((file) => file.kind === 'emergency_statement');
}

/** The review form sends one `decision:<targetId>` radio and one `reason:<targetId>` field per account. */
function decisionsFromForm(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || 'decisions' in raw) return raw;
  const fields = raw as Record<string, unknown>;
  const decisions = Object.keys(fields)
    .filter((key) => key.startsWith('decision:'))
    .map((key) => {
      const targetId = key.slice('decision:'.length);
      return { targetId, decision: fields[key], reason: fields[`reason:${targetId}`] };
    });
  return { ...fields, decisions };
}

export const approvalSchema = z.preprocess(
  decisionsFromForm,
  z.object({
    requestId: z.uuid('request id: not a valid id'),
    approvedCategories: listOf(z.enum(DATA_CATEGORIES)),
    decisions: z.array(
      z.object({
        targetId: z.uuid('target id: not a valid id'),
        decision: z.enum(TARGET_DECISIONS, { error: 'decide produce or do not produce for every account' }),
        reason: optionalText(LONG_TEXT_MAX),
      }),
    ),
    reason: requiredText(LONG_TEXT_MAX, 'reason'),
    acknowledgeWarnings: checkbox,
  }),
);
export type ApprovalInput = z.output<typeof approvalSchema>;

/**
 * The legal review's decision to disclose: per target produce / do-not-produce with reasons, and
 * the categories that may be produced. Liaison/admin, from legal_review. The status follows:
 * `approved` when every named account is produced with every requested category, otherwise
 * `partially_approved`. Unknown or ambiguous identifiers are recorded as not produced.
 * To refuse the request outright, move it to `rejected` (workflow) instead.
 */
export async function approveRequest(ctx: LibContext, input: ApprovalInput) {
  const actor = requirePermission(ctx.actor, 'police:write');
  const now = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const request = await lockRequest(tx, input.requestId);
    if (request.status !== 'legal_review') {
      throw new DomainError('conflict', `the legal decision is taken in legal_review; ${request.reference} is ${request.status}`);
    }
    if (request.type !== 'emergency_disclosure') {
      const [legalProcess] = await tx
        .select({ id: policeRequestAttachments.id })
        .from(policeRequestAttachments)
        .where(and(eq(policeRequestAttachments.requestId, request.id), eq(policeRequestAttachments.kind, 'legal_process')))
        .limit(1);
      if (!legalProcess) {
        throw new DomainError(
          'conflict',
          `no legal process is on file for ${request.reference} (${REQUEST_TYPE_LABELS[request.type]}): attach the order, warrant or authorisation itself under Legal documents, as "Legal process", before approving`,
        );
      }
    }
    const targets = await tx.select().from(policeRequestTargets).where(eq(policeRequestTargets.requestId, request.id));
    const decisions = new Map(input.decisions.map((decision) => [decision.targetId, decision]));
    for (const targetId of decisions.keys()) {
      if (!targets.some((target) => target.id === targetId)) throw new DomainError('invalid_input', `target ${targetId} is not part of ${request.reference}`);
    }
    const outcome = targets.map((target) => {
      const decision = decisions.get(target.id);
      if (!target.accountId) {
        if (decision?.decision === 'produce') throw new DomainError('invalid_input', `${target.identifier}: no single account matches, nothing can be produced`);
        const why = target.resolution === 'ambiguous' ? 'identifier matches several accounts' : 'no account matches this identifier';
        return { target, decision: 'do_not_produce' as const, reason: decision?.reason ?? why };
      }
      if (!decision) throw new DomainError('invalid_input', `${target.identifier}: decide produce or do not produce`);
      if (decision.decision === 'do_not_produce' && !decision.reason) {
        throw new DomainError('invalid_input', `${target.identifier}: give the reason it is not produced`);
      }
      return { target, decision: decision.decision, reason: decision.reason ?? input.reason };
    });
    if (!outcome.some((entry) => entry.decision === 'produce')) {
      throw new DomainError('invalid_input', 'no account is to be produced: reject the request instead');
    }
    const outside = input.approvedCategories.filter((category) => !request.categories.includes(category));
    if (outside.length) throw new DomainError('invalid_input', `categories not requested cannot be approved: ${outside.join(', ')}`);
    if (!input.approvedCategories.length && request.type !== 'preservation') {
      throw new DomainError('invalid_input', 'approve at least one data category, or reject the request');
    }
    const warnings = legalWarnings(request.type, input.approvedCategories);
    if (warnings.length && !input.acknowledgeWarnings) {
      throw new DomainError('invalid_input', `legal warning — ${warnings.join('; ')}. Tick the acknowledgement to approve anyway.`);
    }

    const everything =
      outcome.every((entry) => entry.decision === 'produce') && request.categories.every((c) => input.approvedCategories.includes(c));
    const status = everything ? 'approved' : 'partially_approved';
    for (const entry of outcome) {
      await tx
        .update(policeRequestTargets)
        .set({ decision: entry.decision, decisionReason: entry.reason, decidedBy: actor.id, decidedAt: now })
        .where(eq(policeRequestTargets.id, entry.target.id));
    }
    await tx.update(policeRequests).set({ approvedCategories: input.approvedCategories }).where(eq(policeRequests.id, request.id));
    await applyTransition(tx, actor.id, request, status, input.reason, now);
    await appendAudit(tx, {
      actor,
      action: 'police_request.approve',
      targetType: 'police_request',
      targetId: request.id,
      changes: {
        reference: request.reference,
        status: { from: request.status, to: status },
        approvedCategories: input.approvedCategories,
        decisions: outcome.map((entry) => ({ identifier: entry.target.identifier, accountId: entry.target.accountId, decision: entry.decision, reason: entry.reason })),
        warningsAcknowledged: warnings,
        ...(request.type === 'emergency_disclosure' ? { emergencyStatementOwed: true } : {}),
      },
      reason: input.reason,
      requestAddress: ctx.requestAddress,
    });
    return { status, warnings };
  });
}
