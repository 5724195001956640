export * from './platform';
export * from './staff';
export * from './auth';
export * from './police';
export * from './moderation';
export * from './triage';
export * from './risk';
export * from './outbox';
