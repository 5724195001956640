export const ROLES = ['moderator', 'liaison', 'admin'] as const;
export type Role = (typeof ROLES)[number];
