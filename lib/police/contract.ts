/**
 * Police cooperation as data: the enums shared by the schema, the domain logic, the forms
 * and the transparency report. Plain values, no I/O.
 */

export const REQUEST_TYPES = [
  'preservation', // US 18 U.S.C. 2703(f)
  'emergency_disclosure',
  'subpoena',
  'court_order',
  'search_warrant',
  'mlat',
  'uk_dpa_schedule2',
  'uk_ipa_communications_data',
  'uk_overseas_production_order',
  'other',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_TYPE_LABELS: Record<RequestType, string> = {
  preservation: 'Preservation (18 U.S.C. 2703(f))',
  emergency_disclosure: 'Emergency disclosure',
  subpoena: 'Subpoena',
  court_order: 'Court order',
  search_warrant: 'Search warrant',
  mlat: 'MLAT request',
  uk_dpa_schedule2: 'UK DPA 2018 Schedule 2',
  uk_ipa_communications_data: 'UK IPA communications data',
  uk_overseas_production_order: 'UK overseas production order',
  other: 'Other',
};

export const REQUEST_STATUSES = [
  'received',
  'verifying',
  'legal_review',
  'approved',
  'partially_approved',
  'rejected',
  'needs_more_info',
  'disclosed',
  'closed',
  'withdrawn',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses in which a request still needs liaison work (dashboard, withdrawal). */
export const OPEN_STATUSES: readonly RequestStatus[] = [
  'received',
  'verifying',
  'legal_review',
  'needs_more_info',
  'approved',
  'partially_approved',
];

export const DATA_CATEGORIES = ['subscriber', 'non_content', 'content'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const DATA_CATEGORY_LABELS: Record<DataCategory, string> = {
  subscriber: 'Subscriber information',
  non_content: 'Non-content (contacts, blocks, log-ins)',
  content: 'Content',
};

export const TARGET_DECISIONS = ['produce', 'do_not_produce'] as const;
export type TargetDecision = (typeof TARGET_DECISIONS)[number];

/** How an identifier named in a request was matched to an account. */
export const TARGET_RESOLUTIONS = ['account_id', 'username', 'unknown', 'ambiguous'] as const;
export type TargetResolution = (typeof TARGET_RESOLUTIONS)[number];

export const VERIFICATION_METHODS = ['official_email_domain', 'callback_published_number', 'other'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export const VERIFICATION_METHOD_LABELS: Record<VerificationMethod, string> = {
  official_email_domain: "Official e-mail domain of the agency",
  callback_published_number: "Call-back to the agency's published number",
  other: 'Other',
};

export const PACKAGE_STATUSES = ['draft', 'released'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];

export const REFERRAL_GROUNDS = ['imminent_danger', 'child_sexual_exploitation', 'other'] as const;
export type ReferralGround = (typeof REFERRAL_GROUNDS)[number];

export const REFERRAL_GROUND_LABELS: Record<ReferralGround, string> = {
  imminent_danger: 'Imminent danger to someone',
  child_sexual_exploitation: 'Child sexual exploitation',
  other: 'Other',
};

/** open → reported (a proactive report was made) → closed; or open → closed. */
export const REFERRAL_STATUSES = ['open', 'reported', 'closed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const TEXT_MAX = 200;
export const LONG_TEXT_MAX = 10_000;
export const TARGETS_MAX = 100;
/** The upload route (app/api/police/requests/[requestId]/attachments) allows this plus 1 MB of form framing. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * What a document on a request is. A legal approval needs the `legal_process` itself on file; an
 * emergency disclosure is approved on the officer's account of the emergency, and its written
 * `emergency_statement` is owed until it is attached.
 */
export const ATTACHMENT_KINDS = ['legal_process', 'emergency_statement', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = {
  legal_process: 'Legal process (order, warrant, authorisation)',
  emergency_statement: 'Written emergency statement',
  other: 'Other correspondence',
};
