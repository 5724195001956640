/** The pattern flags of the spec: what a moderator can confirm an account is doing. */
export const RISK_PATTERNS = [
  'age_misrepresentation',
  'adult_contacting_minors',
  'image_solicitation',
  'meeting_request',
  'off_platform_move',
  'other',
] as const;
export type RiskPattern = (typeof RISK_PATTERNS)[number];

export const PATTERN_LABELS: Record<RiskPattern, string> = {
  age_misrepresentation: 'Age misrepresentation',
  adult_contacting_minors: 'Adult contacting minors',
  image_solicitation: 'Image solicitation',
  meeting_request: 'Meeting request',
  off_platform_move: 'Off-platform move',
  other: 'Other',
};
