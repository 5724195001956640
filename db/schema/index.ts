export * from './platform';
export * from './staff';
export * from './auth';
export * from './police';
export * from './moderation';
export * from './triage';
