export * from './platform';
export * from './staff';
export * from './triage';
