import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { auditActors, auditPage, auditRows } from '@/db/queries/audit';
import { createAgent, renameAgent, rotateAgentKey } from '@/lib/agents/manage';
import { AUDIT_CSV_HEADER, auditCsvLine } from '@/lib/audit/csv';
import { parseAuditFilters } from '@/lib/audit/filters';
import { acknowledgeIncident } from '@/lib/incidents/manage';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createMonitor, setMonitorEnabled, updateMonitor } from '@/lib/monitors/manage';
import { parseKindFields } from '@/lib/notifications/kinds';
import { createChannel, updateChannel } from '@/lib/notifications/manage';
import { setPlanByEmail } from '@/lib/plans/set-plan';
import { deleteExpiredAuditEvents } from '@/lib/retention/delete-expired';
import { addComponent, createStatusPage } from '@/lib/status-pages/manage';
import { createPost } from '@/lib/status-pages/posts';
import { componentFormSchema, statusPageFormSchema } from '@/lib/status-pages/schemas';
import { acceptTeamInvitation, inviteMember } from '@/lib/teams/invitations';
import { changeRole, createTeam, leaveTeam, removeMember } from '@/lib/teams/manage';
import type { TeamContext } from '@/lib/teams/roles';
import { createTestUser, refusal } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';
import { OPEN_TO_EVERY_MEMBER, writeFunctions } from '../helpers/writes';

const sql = testSql();
afterAll(() => sql.end());

const BASE = 'https://watch.example';
const tokenOf = (url: string) => decodeURIComponent(url.split('/join/')[1]!);
const logOf = async (teamId: string) =>
  sql<{ actor: string; action: string; object_kind: string; object_label: string; fields: string[]; ip: string | null }[]>`
    SELECT actor, action, object_kind, object_label, fields, ip FROM audit_events WHERE team_id = ${teamId} ORDER BY created_at, id`;

async function sharedTeam(label: string) {
  const owner = await createTestUser(label);
  const team = await createTeam({ userId: owner.userId, input: { name: `${label} team` } });
  const ctx: TeamContext = { userId: owner.userId, teamId: team.id, role: 'owner', ip: '203.0.113.7' };
  return { owner, ctx };
}

describe('the audit log', () => {
  it('every write function records an event (listed from the code)', () => {
    const writes = writeFunctions();
    expect(writes.length).toBeGreaterThan(35);
    for (const [name, write] of writes) expect(`${name}: ${/recordAudit\b/.test(write.toString())}`).toBe(`${name}: true`);
    for (const name of OPEN_TO_EVERY_MEMBER) expect(name).toMatch(/^(createTeam|leaveTeam|acceptTeamInvitation|lookUpTeamInvitation)$/);
  });

  it('records who did what to which object, the fields changed and the IP, in the team of the change; never a secret', async () => {
    const { owner, ctx } = await sharedTeam('audited');
    const agent = await createAgent({ ctx, input: { name: 'probe', kind: 'remote' } });
    await renameAgent({ ctx, input: { agentId: agent.id, name: 'eu probe' } });
    const newToken = await rotateAgentKey({ ctx, input: { agentId: agent.id } });
    const input = monitorFormSchema.parse({ name: 'api', agentId: agent.id, type: 'tcp', target: 'api:443', failureThreshold: '1' });
    const monitor = await createMonitor({ ctx, input });
    await updateMonitor({ ctx, input: { ...input, intervalSeconds: 120, monitorId: monitor.id } });
    await setMonitorEnabled({ ctx, input: { monitorId: monitor.id, enabled: false } });
    const hook = 'https://hooks.example.com/very-secret-path';
    const parsed = parseKindFields('webhook', { url: hook, headers: 'X-Api-Key: k3y-s3cret' }, false);
    if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
    const channel = await createChannel({ ctx, input: { name: 'ops', kind: 'webhook', allMonitors: true, monitorIds: [], ...parsed } });
    const edited = parseKindFields('webhook', { url: `${hook}-2`, headers: '' }, true);
    if ('problems' in edited) throw new Error(JSON.stringify(edited.problems));
    await updateChannel({ ctx, input: { channelId: channel.id, name: 'ops', kind: 'webhook', allMonitors: true, monitorIds: [], ...edited } });
    const page = await createStatusPage({ ctx, input: statusPageFormSchema.parse({ title: 'Acme', slug: `acme-${randomUUID().slice(0, 8)}`, timeZone: 'UTC' }) });
    await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'API', [`monitor:${monitor.id}`]: 'on' }) } });
    await createPost({ ctx, input: { pageId: page.id, title: 'Slow API', impact: 'minor', componentIds: [], state: 'investigating', body: 'Looking.' } });
    const [incident] = await sql`INSERT INTO incidents (monitor_id, started_at) VALUES (${monitor.id}, now()) RETURNING id`;
    await acknowledgeIncident({ ctx, input: { incidentId: incident!.id } });

    const log = await logOf(ctx.teamId);
    expect(log.map((row) => `${row.action} ${row.object_kind} ${row.object_label}`)).toEqual([
      'created team audited team',
      'created agent probe',
      'changed agent eu probe',
      'key_rotated agent eu probe',
      'created monitor api',
      'changed monitor api',
      'paused monitor api',
      'created channel ops',
      'changed channel ops',
      'created status_page Acme',
      'created component API',
      'created post Slow API',
      'acknowledged incident api',
    ]);
    expect(log.find((row) => row.action === 'changed' && row.object_kind === 'monitor')?.fields).toEqual(['intervalSeconds']);
    expect(log.find((row) => row.action === 'changed' && row.object_kind === 'channel')?.fields).toContain('secrets');
    expect(log.slice(1).every((row) => row.actor === owner.email && row.ip === '203.0.113.7')).toBe(true);
    const everything = JSON.stringify(await sql`SELECT * FROM audit_events WHERE team_id = ${ctx.teamId}`);
    for (const secret of ['very-secret-path', 'k3y-s3cret', newToken, agent.token!]) expect(everything).not.toContain(secret);
    // None of it in the owner's personal team.
    expect(await logOf(owner.teamId)).toEqual([]);
  });

  it('records nothing for a write that was refused', async () => {
    const { ctx } = await sharedTeam('refused');
    const before = (await logOf(ctx.teamId)).length;
    await refusal(createAgent({ ctx: { ...ctx, role: 'viewer' }, input: { name: 'nope', kind: 'remote' } }));
    const agent = await createAgent({ ctx, input: { name: 'taken', kind: 'remote' } });
    await refusal(createAgent({ ctx, input: { name: 'TAKEN', kind: 'remote' } }));
    await refusal(renameAgent({ ctx, input: { agentId: randomUUID(), name: 'ghost' } }));
    expect((await logOf(ctx.teamId)).length).toBe(before + 1);
    expect(agent.id).toBeTruthy();
  });

  it('records members, invitations, roles (two admins at once: both) and the operator\'s plan changes', async () => {
    const { owner, ctx } = await sharedTeam('people');
    const ana = await createTestUser('ana');
    const bo = await createTestUser('bo');
    for (const person of [ana, bo]) {
      const sent = await inviteMember({ ctx, input: { email: person.email, role: 'admin' }, baseUrl: BASE });
      await acceptTeamInvitation({ token: tokenOf(sent.url), userId: person.userId, email: person.email });
    }
    const cy = await createTestUser('cy');
    const sent = await inviteMember({ ctx, input: { email: cy.email, role: 'viewer' }, baseUrl: BASE });
    await acceptTeamInvitation({ token: tokenOf(sent.url), userId: cy.userId, email: cy.email });
    const anaCtx: TeamContext = { userId: ana.userId, teamId: ctx.teamId, role: 'admin' };
    const boCtx: TeamContext = { userId: bo.userId, teamId: ctx.teamId, role: 'admin' };
    await Promise.all([
      changeRole({ ctx: anaCtx, input: { userId: cy.userId, role: 'editor' } }),
      changeRole({ ctx: boCtx, input: { userId: cy.userId, role: 'responder' } }),
    ]);
    await removeMember({ ctx: anaCtx, input: { userId: cy.userId } });
    await leaveTeam({ ctx: boCtx });
    await setPlanByEmail({ email: owner.email, plan: 'free' });

    const log = await logOf(ctx.teamId);
    const roleChanges = log.filter((row) => row.action === 'role_changed');
    expect(roleChanges.map((row) => row.actor).sort()).toEqual([ana.email, bo.email].sort());
    expect(roleChanges.every((row) => row.object_label.startsWith(`${cy.email}: `) && row.fields.join() === 'role')).toBe(true);
    expect(log.filter((row) => row.action === 'invited').map((row) => row.object_label)).toEqual([`${ana.email} as admin`, `${bo.email} as admin`, `${cy.email} as viewer`]);
    expect(log.filter((row) => row.action === 'joined').map((row) => row.actor)).toEqual([ana.email, bo.email, cy.email]);
    expect(log.find((row) => row.action === 'removed')).toMatchObject({ actor: ana.email, object_label: cy.email });
    expect(log.find((row) => row.action === 'left')).toMatchObject({ actor: bo.email });
    // The plan change is in every team the owner has: this one and the personal one.
    for (const teamId of [ctx.teamId, owner.teamId]) {
      expect((await logOf(teamId)).find((row) => row.action === 'plan_changed')).toMatchObject({ actor: 'operator (admin CLI)', object_label: `${owner.email}: pro → free` });
    }
  });

  it('filters by person, object and dates, pages, exports formula-safe CSV, and forgets after 400 days', async () => {
    const { owner, ctx } = await sharedTeam('filtered');
    await createAgent({ ctx, input: { name: '=HYPERLINK("http://evil")', kind: 'remote' } });
    const editor = await createTestUser('editor');
    const sent = await inviteMember({ ctx, input: { email: editor.email, role: 'editor' }, baseUrl: BASE });
    await acceptTeamInvitation({ token: tokenOf(sent.url), userId: editor.userId, email: editor.email });
    await createAgent({ ctx: { userId: editor.userId, teamId: ctx.teamId, role: 'editor' }, input: { name: 'second', kind: 'remote' } });

    const filters = (query: Record<string, string>) => parseAuditFilters((name) => query[name]);
    expect((await auditPage(ctx.teamId, filters({ person: editor.userId }))).events.map((e) => e.action)).toEqual(['created', 'joined']);
    expect((await auditPage(ctx.teamId, filters({ kind: 'agent' }))).total).toBe(2);
    expect((await auditPage(ctx.teamId, filters({ kind: 'agent', person: owner.userId }))).events.map((e) => e.objectLabel)).toEqual(['=HYPERLINK("http://evil")']);
    expect((await auditPage(ctx.teamId, filters({ from: '2000-01-01', to: '2000-01-31' }))).total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await auditPage(ctx.teamId, filters({ from: today, to: today }))).total).toBe(5);
    expect(filters({ person: 'not-a-uuid', kind: 'secrets', from: '2026-13-45', page: '-3' })).toEqual({ page: 1 });
    expect((await auditPage(ctx.teamId, filters({}), { page: 2, pageSize: 2 })).events).toHaveLength(2);
    expect((await auditActors(ctx.teamId)).map((actor) => actor.email).sort()).toEqual([owner.email, editor.email].sort());

    let csv = AUDIT_CSV_HEADER;
    for await (const batch of auditRows(ctx.teamId, filters({ kind: 'agent' }))) csv += batch.map(auditCsvLine).join('');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('time,person,action,object,object_id,name,fields,ip');
    expect(lines).toHaveLength(3);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);

    await sql`UPDATE audit_events SET created_at = now() - interval '401 days' WHERE team_id = ${ctx.teamId} AND object_kind = 'agent'`;
    expect(await deleteExpiredAuditEvents()).toBeGreaterThanOrEqual(2);
    expect((await auditPage(ctx.teamId, filters({}))).total).toBe(3);
  });
});
