export * from './platform';
export * from './staff';
export * from './audit';
export * from './auth';
export * from './police';
export * from './moderation';
export * from './triage';
export * from './risk';
