import 'server-only';
import { sql } from 'drizzle-orm';
import { runIn, sqlClient } from '@/db';
import { certificateStillSeen } from '@/db/sql/certificates';
import { DEFAULT_CERTIFICATE_WARNING_DAYS } from '@/lib/contracts/certificates';
import { type CertificateWarning, enqueueCertificateWarnings } from '@/lib/notifications/enqueue';

// certificate.expiring: for every certificate a team's monitors see now (db/sql/certificates.ts), each warning threshold it has passed (the union of the thresholds of the
// monitors that see it; 21, 14, 7 and 1 days by default) is sent once per team and
// certificate: not per check, not per monitor sharing it. Several thresholds passed at
// once (a certificate first seen 5 days from expiry) make one message, for the smallest.
// A renewed certificate has another fingerprint: its predecessor is no longer seen, and
// its own thresholds start afresh. The leader runs this every round.

export async function sendCertificateWarnings(): Promise<CertificateWarning[]> {
  return sqlClient().begin(async (tx) => {
    const run = runIn(tx);
    const fresh = await run<{ team_id: string; fingerprint: string; days: number }>(sql`
      WITH due AS (
        SELECT DISTINCT a.team_id, c.fingerprint, th.days::int AS days
        FROM monitor_certificates mc
        JOIN certificates c ON c.fingerprint = mc.fingerprint
        JOIN monitors m ON m.id = mc.monitor_id AND m.enabled IS NOT FALSE
        JOIN agents a ON a.id = m.agent_id
        CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(m.options->'certificateWarningDays', ${JSON.stringify(DEFAULT_CERTIFICATE_WARNING_DAYS)}::jsonb)) AS th(days)
        WHERE ${certificateStillSeen()}
          AND c.chain_not_after <= now() + make_interval(days => th.days::int)
      ),
      fresh AS (
        INSERT INTO certificate_warnings (team_id, fingerprint, days)
        SELECT team_id, fingerprint, days FROM due ORDER BY 1, 2, 3
        ON CONFLICT DO NOTHING
        RETURNING team_id, fingerprint, days
      )
      SELECT team_id, fingerprint, min(days)::int AS days FROM fresh GROUP BY 1, 2`);
    const warnings = fresh.map((row) => ({ teamId: row.team_id, fingerprint: row.fingerprint, days: row.days }));
    await enqueueCertificateWarnings(run, warnings);
    return warnings;
  });
}
