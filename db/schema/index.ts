export * from './platform';
export * from './staff';
export * from './risk';
export * from './moderation';
