export * from './platform';
export * from './staff';
export * from './moderation';
export * from './triage';
