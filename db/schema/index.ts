export * from './users';
export * from './agents';
export * from './monitors';
export * from './heartbeats';
export * from './incidents';
export * from './usage-events';
export * from './waitlist-signups';
