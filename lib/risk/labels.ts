/** Short names for signal codes, for chips and headings; the evidence text says the rest. */
export const SIGNAL_LABELS: Record<string, string> = {
  age_check_adult: 'Age check says adult',
  device_shared_with_adult: 'Device shared with an adult',
  birthdate_moved_younger: 'Birthdate moved younger',
  implausible_signup_age: 'Implausible age at sign-up',
  age_misrepresentation_reports: 'Age misrepresentation reports',
  contacted_younger_minors: 'Writes first to younger minors',
  lopsided_conversations: 'Lopsided conversations',
  media_from_minors: 'Media from minors',
  blocked_by_minors: 'Blocked by minors',
  grooming_reports: 'Grooming reports',
  law_enforcement_report: 'Law-enforcement report',
  image_request_cues: 'Image requests (reports)',
  meeting_request_cues: 'Meeting requests (reports)',
  off_platform_cues: 'Moves to another app (reports)',
  bulk_messaging: 'Bulk messaging',
  public_audience: 'Public audience',
  sustained_contact: 'Long lopsided conversations',
  prefers_younger_minors: 'Prefers younger minors',
  ban_evasion: 'Ban evasion',
};

export function signalLabel(code: string): string {
  return SIGNAL_LABELS[code] ?? code.replaceAll('_', ' ');
}
