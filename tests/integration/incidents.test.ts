import { afterAll, describe, expect, it } from 'vitest';
import { acknowledgeIncident, resolveIncident } from '@/lib/incidents/manage';
import { createTestUser, teamCtx } from '../helpers/fixtures';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

const sql = testSql();
afterAll(() => sql.end());

async function openIncident() {
  const owner = await agentWithMonitors(1, { failureThreshold: 1 });
  await postHeartbeats(owner.token, { heartbeats: [{ monitorId: owner.monitorIds[0], time: at(Date.now() - 600_000, 0), status: 'down' }] });
  const [incident] = await sql`SELECT id FROM incidents WHERE monitor_id = ${owner.monitorIds[0]!}`;
  return { ctx: teamCtx(owner.userId), incidentId: incident!.id as string, monitorId: owner.monitorIds[0]! };
}

const row = async (id: string) =>
  (await sql`SELECT status, acknowledged_by, acknowledged_at IS NOT NULL AS acked, resolved_at IS NOT NULL AS resolved, ttr_seconds FROM incidents WHERE id = ${id}`)[0];

describe('incident actions', () => {
  it('acknowledge records who and when; resolving by hand records when and the time to resolve', async () => {
    const { ctx, incidentId } = await openIncident();
    await acknowledgeIncident({ ctx, input: { incidentId } });
    expect(await row(incidentId)).toMatchObject({ status: 'acknowledged', acknowledged_by: ctx.userId, acked: true, resolved: false });
    await expect(acknowledgeIncident({ ctx, input: { incidentId } })).rejects.toThrow(/already acknowledged/);

    await resolveIncident({ ctx, input: { incidentId } });
    const resolved = await row(incidentId);
    expect(resolved).toMatchObject({ status: 'resolved', resolved: true });
    expect(resolved?.ttr_seconds).toBeGreaterThanOrEqual(600);
    await expect(resolveIncident({ ctx, input: { incidentId } })).rejects.toThrow(/already resolved/);
    await expect(acknowledgeIncident({ ctx, input: { incidentId } })).rejects.toThrow(/already acknowledged or resolved/);
  });

  it("refuse another user's incident as not found and change nothing", async () => {
    const { incidentId } = await openIncident();
    const stranger = await createTestUser('stranger');
    const ctx = teamCtx(stranger.userId);
    await expect(acknowledgeIncident({ ctx, input: { incidentId } })).rejects.toThrow('That incident does not exist.');
    await expect(resolveIncident({ ctx, input: { incidentId } })).rejects.toThrow('That incident does not exist.');
    expect(await row(incidentId)).toMatchObject({ status: 'open', acknowledged_by: null, resolved: false });
  });
});
