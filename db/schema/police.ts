import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { ID_MAX } from '../../lib/platform/contract';
import {
  ATTACHMENT_KINDS,
  DATA_CATEGORIES,
  PACKAGE_STATUSES,
  REFERRAL_GROUNDS,
  REFERRAL_STATUSES,
  REQUEST_STATUSES,
  REQUEST_TYPES,
  TARGET_DECISIONS,
  TARGET_RESOLUTIONS,
  TEXT_MAX,
  VERIFICATION_METHODS,
} from '../../lib/police/contract';
import { staff } from './staff';

// Police cooperation: requests from law enforcement, preservation holds, disclosure packages
// and moderators' referrals. Account ids are not foreign keys: platform rows are imported
// and may be purged, while these records must outlive them.

export const policeRequestType = pgEnum('police_request_type', REQUEST_TYPES);
export const policeRequestStatus = pgEnum('police_request_status', REQUEST_STATUSES);
export const dataCategory = pgEnum('data_category', DATA_CATEGORIES);
export const targetDecision = pgEnum('target_decision', TARGET_DECISIONS);
export const targetResolution = pgEnum('target_resolution', TARGET_RESOLUTIONS);
export const verificationMethod = pgEnum('verification_method', VERIFICATION_METHODS);
export const policeAttachmentKind = pgEnum('police_attachment_kind', ATTACHMENT_KINDS);
export const disclosurePackageStatus = pgEnum('disclosure_package_status', PACKAGE_STATUSES);
export const referralGround = pgEnum('referral_ground', REFERRAL_GROUNDS);
export const referralStatus = pgEnum('referral_status', REFERRAL_STATUSES);

const tz = { withTimezone: true, mode: 'date' } as const;

/** Raw bytes; PGlite answers with a Uint8Array, node-postgres with a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** Feeds the human reference LR-000123: gap-free is not needed, unique and increasing is. */
export const policeRequestReferenceSeq = pgSequence('police_request_reference_seq');

export const policeRequests = pgTable(
  'police_requests',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    reference: varchar('reference', { length: 16 })
      .notNull()
      .default(sql`'LR-' || lpad(nextval('police_request_reference_seq')::text, 6, '0')`),
    type: policeRequestType('type').notNull(),
    jurisdiction: varchar('jurisdiction', { length: TEXT_MAX }).notNull(),
    // IANA zone the document's dates are read in (due date, date range).
    timeZone: varchar('time_zone', { length: 64 }).notNull(),
    agency: varchar('agency', { length: TEXT_MAX }).notNull(),
    officerName: varchar('officer_name', { length: TEXT_MAX }).notNull(),
    officerRankBadge: varchar('officer_rank_badge', { length: TEXT_MAX }).notNull().default(''),
    officerEmail: varchar('officer_email', { length: 320 }).notNull(),
    officerPhone: varchar('officer_phone', { length: 64 }).notNull().default(''),
    authorisingOfficer: varchar('authorising_officer', { length: TEXT_MAX }),
    legalReference: varchar('legal_reference', { length: TEXT_MAX }).notNull(),
    issuingCourt: varchar('issuing_court', { length: TEXT_MAX }),
    receivedAt: timestamp('received_at', tz).notNull(),
    // The due date printed on the document (a local date in time_zone), if any.
    documentDueDate: date('document_due_date', { mode: 'string' }),
    // Derived by lib/police/deadlines from the type, received_at and document_due_date.
    dueAt: timestamp('due_at', tz),
    rangeFrom: date('range_from', { mode: 'string' }).notNull(),
    rangeTo: date('range_to', { mode: 'string' }).notNull(),
    categories: dataCategory('categories').array().notNull(),
    // Set by the legal review: what may actually be produced.
    approvedCategories: dataCategory('approved_categories').array(),
    nonDisclosure: boolean('non_disclosure').notNull().default(false),
    nonDisclosureExpiresOn: date('non_disclosure_expires_on', { mode: 'string' }),
    emergencyFacts: text('emergency_facts'),
    status: policeRequestStatus('status').notNull().default('received'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => staff.id),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('police_requests_reference_unique').on(t.reference),
    // Requests list: newest received first, keyset on (received_at, id).
    index('police_requests_received_idx').on(t.receivedAt, t.id),
    // Deadline dashboard: open requests by due time.
    index('police_requests_status_due_idx').on(t.status, t.dueAt),
    check('police_requests_range_order', sql`${t.rangeFrom} <= ${t.rangeTo}`),
  ],
);

/** An account named in a request, exactly as given, and what the legal review decided for it. */
export const policeRequestTargets = pgTable(
  'police_request_targets',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    requestId: uuid('request_id')
      .notNull()
      .references(() => policeRequests.id),
    identifier: varchar('identifier', { length: TEXT_MAX }).notNull(),
    resolution: targetResolution('resolution').notNull(),
    // Null when no account matched: shown as unknown, never dropped.
    accountId: varchar('account_id', { length: ID_MAX }),
    decision: targetDecision('decision'),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decidedAt: timestamp('decided_at', tz),
  },
  (t) => [
    // Request page lists its targets; an identifier appears once per request.
    uniqueIndex('police_request_targets_request_identifier_unique').on(t.requestId, t.identifier),
    // Transparency report and "requests about this account".
    index('police_request_targets_account_idx').on(t.accountId),
  ],
);

export const policeRequestVerifications = pgTable(
  'police_request_verifications',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    requestId: uuid('request_id')
      .notNull()
      .references(() => policeRequests.id),
    method: verificationMethod('method').notNull(),
    // The domain checked or the published number called.
    contactUsed: varchar('contact_used', { length: TEXT_MAX }).notNull(),
    notes: text('notes').notNull().default(''),
    verifiedBy: uuid('verified_by')
      .notNull()
      .references(() => staff.id),
    verifiedAt: timestamp('verified_at', tz).notNull().defaultNow(),
  },
  (t) => [index('police_request_verifications_request_idx').on(t.requestId, t.verifiedAt)],
);

export const policeRequestAttachments = pgTable(
  'police_request_attachments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    requestId: uuid('request_id')
      .notNull()
      .references(() => policeRequests.id),
    kind: policeAttachmentKind('kind').notNull().default('legal_process'),
    filename: varchar('filename', { length: 255 }).notNull(),
    contentType: varchar('content_type', { length: 255 }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => staff.id),
    uploadedAt: timestamp('uploaded_at', tz).notNull().defaultNow(),
  },
  (t) => [index('police_request_attachments_request_idx').on(t.requestId, t.uploadedAt)],
);

/** Every status change with its reason: the request's history. */
export const policeRequestEvents = pgTable(
  'police_request_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => policeRequests.id),
    fromStatus: policeRequestStatus('from_status'),
    toStatus: policeRequestStatus('to_status').notNull(),
    reason: text('reason').notNull(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => staff.id),
    at: timestamp('at', tz).notNull().defaultNow(),
  },
  (t) => [index('police_request_events_request_idx').on(t.requestId, t.id)],
);

export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    accountId: varchar('account_id', { length: ID_MAX }).notNull(),
    ground: referralGround('ground').notNull(),
    summary: text('summary').notNull(),
    referredBy: uuid('referred_by')
      .notNull()
      .references(() => staff.id),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    status: referralStatus('status').notNull().default('open'),
    // The proactive report to the authorities, when one was made.
    reportedTo: varchar('reported_to', { length: TEXT_MAX }),
    reportReference: varchar('report_reference', { length: TEXT_MAX }),
    evidenceSummary: jsonb('evidence_summary'),
    reportedBy: uuid('reported_by').references(() => staff.id),
    reportedAt: timestamp('reported_at', tz),
    closedBy: uuid('closed_by').references(() => staff.id),
    closedAt: timestamp('closed_at', tz),
    outcome: text('outcome'),
  },
  (t) => [
    // Liaison inbox: by status, newest first, keyset on (created_at, id).
    index('referrals_status_created_idx').on(t.status, t.createdAt, t.id),
    index('referrals_account_idx').on(t.accountId),
  ],
);

/**
 * Keeps an account's rows from being purged. Active while released_at is null and now < expires_at.
 * Comes from a request or from a referral.
 */
export const preservationHolds = pgTable(
  'preservation_holds',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    accountId: varchar('account_id', { length: ID_MAX }).notNull(),
    requestId: uuid('request_id').references(() => policeRequests.id),
    referralId: uuid('referral_id').references(() => referrals.id),
    reason: text('reason').notNull(),
    startsAt: timestamp('starts_at', tz).notNull(),
    expiresAt: timestamp('expires_at', tz).notNull(),
    extendedAt: timestamp('extended_at', tz),
    extendedBy: uuid('extended_by').references(() => staff.id),
    releasedAt: timestamp('released_at', tz),
    releasedBy: uuid('released_by').references(() => staff.id),
    releaseReason: text('release_reason'),
    // Set by the expiry job when it records that the hold lapsed.
    lapsedAt: timestamp('lapsed_at', tz),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => staff.id),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [
    check('preservation_holds_has_source', sql`${t.requestId} is not null or ${t.referralId} is not null`),
    check('preservation_holds_span', sql`${t.startsAt} < ${t.expiresAt}`),
    // hasActiveHold and purge: "is this account held now?".
    index('preservation_holds_account_expires_idx').on(t.accountId, t.expiresAt),
    index('preservation_holds_request_idx').on(t.requestId),
    index('preservation_holds_referral_idx').on(t.referralId),
  ],
);

/** One built package; a released one is immutable (a trigger refuses changes), a correction is a new version. */
export const disclosurePackages = pgTable(
  'disclosure_packages',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    requestId: uuid('request_id')
      .notNull()
      .references(() => policeRequests.id),
    version: integer('version').notNull(),
    status: disclosurePackageStatus('status').notNull().default('draft'),
    preparedBy: uuid('prepared_by')
      .notNull()
      .references(() => staff.id),
    preparedAt: timestamp('prepared_at', tz).notNull(),
    releasedBy: uuid('released_by').references(() => staff.id),
    releasedAt: timestamp('released_at', tz),
    releaseReason: text('release_reason'),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    manifest: jsonb('manifest').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    zip: bytea('zip').notNull(),
  },
  (t) => [
    uniqueIndex('disclosure_packages_request_version_unique').on(t.requestId, t.version),
    check('disclosure_packages_four_eyes', sql`${t.releasedBy} is null or ${t.releasedBy} <> ${t.preparedBy}`),
  ],
);
