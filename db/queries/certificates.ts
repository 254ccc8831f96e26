import 'server-only';
import { sql } from 'drizzle-orm';
import { readDb } from '@/db';
import { certificateStillSeen } from '@/db/sql/certificates';

// The certificates a team's monitors see now (reported within two days), soonest expiry
// first, with the monitors that see each; one monitor's certificate and its changes.

export interface TeamCertificate {
  fingerprint: string;
  subject: string;
  sans: string[];
  issuer: string;
  notAfter: Date;
  chainNotAfter: Date;
  monitors: { id: string; name: string }[];
}

export async function teamCertificates(teamId: string): Promise<TeamCertificate[]> {
  const rows = await readDb.execute<{ fingerprint: string; subject: string; sans: string[]; issuer: string; not_after: string; chain_not_after: string; monitors: { id: string; name: string }[] }>(sql`
    SELECT c.fingerprint, c.subject, to_jsonb(c.sans) AS sans, c.issuer, c.not_after, c.chain_not_after,
           jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name) ORDER BY lower(m.name)) AS monitors
    FROM monitor_certificates mc
    JOIN certificates c ON c.fingerprint = mc.fingerprint
    JOIN monitors m ON m.id = mc.monitor_id
    JOIN agents a ON a.id = m.agent_id
    WHERE a.team_id = ${teamId} AND ${certificateStillSeen()}
    GROUP BY c.fingerprint
    ORDER BY c.chain_not_after, c.fingerprint`);
  return rows.map((row) => ({
    fingerprint: row.fingerprint,
    subject: row.subject,
    sans: row.sans,
    issuer: row.issuer,
    notAfter: new Date(row.not_after),
    chainNotAfter: new Date(row.chain_not_after),
    monitors: row.monitors,
  }));
}

/** The certificate a monitor sees now and the changes of its certificate, newest first, if it is this team's. */
export async function monitorCertificate(teamId: string, monitorId: string) {
  const [current] = await readDb.execute<{
    fingerprint: string; subject: string; sans: string[]; issuer: string; serial: string;
    not_before: string; not_after: string; chain_not_after: string; since: string; seen_at: string;
  }>(sql`
    SELECT c.fingerprint, c.subject, to_jsonb(c.sans) AS sans, c.issuer, c.serial, c.not_before, c.not_after, c.chain_not_after, mc.since, mc.seen_at
    FROM monitor_certificates mc
    JOIN certificates c ON c.fingerprint = mc.fingerprint
    JOIN monitors m ON m.id = mc.monitor_id
    JOIN agents a ON a.id = m.agent_id
    WHERE mc.monitor_id = ${monitorId} AND a.team_id = ${teamId}`);
  if (!current) return null;
  const changes = await readDb.execute<{ time: string; previous_fingerprint: string | null; fingerprint: string; previous_not_after: string | null; not_after: string | null }>(sql`
    SELECT ch.time, ch.previous_fingerprint, ch.fingerprint, p.not_after AS previous_not_after, c.not_after
    FROM certificate_changes ch
    LEFT JOIN certificates p ON p.fingerprint = ch.previous_fingerprint
    LEFT JOIN certificates c ON c.fingerprint = ch.fingerprint
    WHERE ch.monitor_id = ${monitorId}
    ORDER BY ch.time DESC LIMIT 20`);
  return {
    fingerprint: current.fingerprint,
    subject: current.subject,
    sans: current.sans,
    issuer: current.issuer,
    serial: current.serial,
    notBefore: new Date(current.not_before),
    notAfter: new Date(current.not_after),
    chainNotAfter: new Date(current.chain_not_after),
    since: new Date(current.since),
    seenAt: new Date(current.seen_at),
    changes: changes.map((row) => ({
      time: new Date(row.time),
      previousFingerprint: row.previous_fingerprint,
      fingerprint: row.fingerprint,
      previousNotAfter: row.previous_not_after ? new Date(row.previous_not_after) : null,
      notAfter: row.not_after ? new Date(row.not_after) : null,
    })),
  };
}

export type MonitorCertificate = NonNullable<Awaited<ReturnType<typeof monitorCertificate>>>;

/** When each of these monitors' current certificate (reported within two days) expires, earliest in the chain; one indexed lookup per monitor. */
export async function certificateExpiries(teamId: string, monitorIds: string[]): Promise<Map<string, Date>> {
  if (monitorIds.length === 0) return new Map();
  const rows = await readDb.execute<{ monitor_id: string; chain_not_after: string }>(sql`
    SELECT mc.monitor_id, c.chain_not_after
    FROM monitor_certificates mc
    JOIN certificates c ON c.fingerprint = mc.fingerprint
    JOIN monitors m ON m.id = mc.monitor_id
    JOIN agents a ON a.id = m.agent_id
    WHERE a.team_id = ${teamId} AND ${certificateStillSeen()}
      AND mc.monitor_id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(monitorIds)}::jsonb))`);
  return new Map(rows.map((row) => [row.monitor_id, new Date(row.chain_not_after)]));
}
