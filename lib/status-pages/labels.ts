import type { PostImpact, PostState } from '@/db/schema/status-pages';

// How a post's states and impacts read, everywhere: the owner's forms, the public page,
// feeds and subscriber mails. No runtime imports: client components use it too.

export const POST_STATE_LABELS: Record<PostState, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const POST_IMPACT_LABELS: Record<PostImpact, string> = { none: 'None', minor: 'Minor', major: 'Major', critical: 'Critical' };

/** Labels as the options of a select, in their order. */
export const optionsOf = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
