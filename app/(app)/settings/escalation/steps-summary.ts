import type { PolicyStep } from '@/db/queries/escalation';

/** "1. Primary pager, then 10 min → 2. Secondary pager + responders by e-mail" */
export function stepsSummary(steps: PolicyStep[], channelNames: Map<string, string>): string {
  return steps
    .map((step, index) => {
      const who = [...step.channelIds.map((id) => channelNames.get(id) ?? 'a deleted channel'), ...(step.notifyResponders ? ['responders by e-mail'] : [])].join(' + ') || 'no one';
      return `${index + 1}. ${who}, then ${step.waitMinutes} min`;
    })
    .join(' → ');
}
