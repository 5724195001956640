import type { Role } from '@/lib/auth/roles';

/** Demo sign-ins, created only by `npm start` on the embedded database. Also listed in the README. */
export const DEMO_STAFF: { email: string; role: Role; password: string }[] = [
  { email: 'admin@lookout.demo', role: 'admin', password: 'demo-admin-2026' },
  { email: 'moderator@lookout.demo', role: 'moderator', password: 'demo-moderator-2026' },
  { email: 'liaison@lookout.demo', role: 'liaison', password: 'demo-liaison-2026' },
  { email: 'liaison2@lookout.demo', role: 'liaison', password: 'demo-liaison2-2026' },
];
