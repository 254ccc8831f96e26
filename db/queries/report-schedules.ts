import 'server-only';
import { sql } from 'drizzle-orm';
import { readDb } from '@/db';

// A team's report schedules for their page, each with its latest deliveries (the outbox's log).

export interface ScheduleRecord {
  id: string;
  name: string;
  cadence: 'weekly' | 'monthly';
  hour: number;
  scope: string;
  addresses: string[];
  toMembers: boolean;
  nextRunAt: Date;
  lastRunAt: Date | null;
  deliveries: { to: string; state: string; attempts: number; lastError: string | null; at: Date; period: string }[];
}

export async function listSchedules(teamId: string): Promise<ScheduleRecord[]> {
  const rows = await readDb.execute<{ r: Omit<ScheduleRecord, 'nextRunAt' | 'lastRunAt' | 'deliveries'> & { nextRunAt: string; lastRunAt: string | null; deliveries: (Omit<ScheduleRecord['deliveries'][number], 'at'> & { at: string })[] } }>(sql`
    SELECT jsonb_build_object(
      'id', s.id, 'name', s.name, 'cadence', s.cadence, 'hour', s.hour, 'addresses', to_jsonb(s.addresses), 'toMembers', s.to_members,
      'nextRunAt', s.next_run_at, 'lastRunAt', s.last_run_at,
      'scope', CASE WHEN s.status_page_id IS NOT NULL THEN 'Status page “' || (SELECT p.title FROM status_pages p WHERE p.id = s.status_page_id) || '”'
                    WHEN s.chosen_monitors THEN (SELECT count(*) FROM report_schedule_monitors sm WHERE sm.schedule_id = s.id) || ' chosen monitors'
                    ELSE 'Every monitor' END,
      'deliveries', coalesce((
        SELECT jsonb_agg(jsonb_build_object('to', coalesce(d.address, u.email), 'state', d.state, 'attempts', d.attempts, 'lastError', d.last_error, 'at', d.created_at,
                                            'period', (e.payload->>'fromDay') || ' – ' || (e.payload->>'toDay')) ORDER BY d.created_at DESC, coalesce(d.address, u.email))
        FROM (SELECT d.* FROM notification_events e2 JOIN notification_deliveries d ON d.event_id = e2.id
              WHERE e2.team_id = s.team_id AND e2.kind = 'report.scheduled' AND e2.payload->>'scheduleId' = s.id::text
              ORDER BY d.created_at DESC LIMIT 10) d
        JOIN notification_events e ON e.id = d.event_id LEFT JOIN users u ON u.id = d.member_id), '[]'::jsonb)
    ) AS r
    FROM report_schedules s WHERE s.team_id = ${teamId}
    ORDER BY lower(s.name)`);
  return rows.map(({ r }) => ({
    ...r,
    nextRunAt: new Date(r.nextRunAt),
    lastRunAt: r.lastRunAt ? new Date(r.lastRunAt) : null,
    deliveries: r.deliveries.map((d) => ({ ...d, at: new Date(d.at) })),
  }));
}
