import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { membershipsOf, pendingInvitations, teamMembersOf } from '@/db/queries/teams';
import { usageOverview } from '@/lib/plans/overview';
import { signUpSchema } from '@/lib/accounts/schemas';
import { signUp } from '@/lib/accounts/sign-up';
import { deleteAccount } from '@/lib/accounts/manage';
import * as agentsManage from '@/lib/agents/manage';
import { createAgent } from '@/lib/agents/manage';
import { writeFunctions } from '../helpers/writes';
import { resetEnvCache } from '@/lib/env';
import * as incidentsManage from '@/lib/incidents/manage';
import * as monitorsManage from '@/lib/monitors/manage';
import { createMonitor } from '@/lib/monitors/manage';
import { monitorFormSchema } from '@/lib/monitors/input';
import { acceptTeamInvitation, inviteMember, lookUpTeamInvitation, revokeInvitation } from '@/lib/teams/invitations';
import { changeRole, createTeam, deleteTeam, leaveTeam, removeMember, renameTeam, transferOwnership } from '@/lib/teams/manage';
import type { TeamContext, TeamRole } from '@/lib/teams/roles';
import { createTestUser, refusal } from '../helpers/fixtures';
import { agentWithMonitors } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

const sql = testSql();
afterAll(() => sql.end());

const BASE = 'https://watch.example';
const tokenOf = (url: string) => decodeURIComponent(url.split('/join/')[1]!);

/** An owner with a shared team and a member of each role in it. */
async function teamWithEveryRole() {
  const owner = await createTestUser('owner');
  const team = await createTeam({ userId: owner.userId, input: { name: `Ops ${randomUUID().slice(0, 6)}` } });
  const ownerCtx: TeamContext = { userId: owner.userId, teamId: team.id, role: 'owner' };
  const members = {} as Record<Exclude<TeamRole, 'owner'>, TeamContext & { email: string }>;
  for (const role of ['viewer', 'responder', 'editor', 'admin'] as const) {
    const person = await createTestUser(role);
    const sent = await inviteMember({ ctx: ownerCtx, input: { email: person.email, role }, baseUrl: BASE });
    await acceptTeamInvitation({ token: tokenOf(sent.url), userId: person.userId, email: person.email });
    members[role] = { userId: person.userId, teamId: team.id, role, email: person.email };
  }
  return { owner, teamId: team.id, ownerCtx, members };
}

describe('roles', () => {
  it('every write refuses a viewer with FORBIDDEN before it touches anything', async () => {
    const { members, teamId } = await teamWithEveryRole();
    const writes = writeFunctions();
    expect(writes.length).toBeGreaterThan(35);
    const before = await sql`SELECT (SELECT count(*) FROM agents WHERE team_id = ${teamId}) AS agents, (SELECT count(*) FROM team_members WHERE team_id = ${teamId}) AS members`;
    for (const [name, write] of writes) {
      const error = await refusal(write({ ctx: members.viewer, input: { name: 'x', agentId: randomUUID(), monitorId: randomUUID(), userId: randomUUID() }, baseUrl: BASE }));
      expect(`${name}: ${error.code}`).toBe(`${name}: FORBIDDEN`);
    }
    expect(await sql`SELECT (SELECT count(*) FROM agents WHERE team_id = ${teamId}) AS agents, (SELECT count(*) FROM team_members WHERE team_id = ${teamId}) AS members`).toEqual(before);
  });

  it('every server action goes through the wrapper that resolves the session, team and role', () => {
    const actionFiles: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) walk(full);
        else if (entry === 'actions.ts') actionFiles.push(full);
      }
    };
    walk(path.join(process.cwd(), 'app'));
    expect(actionFiles.length).toBeGreaterThan(8);
    for (const file of actionFiles) {
      const source = readFileSync(file, 'utf8');
      const exported = [...source.matchAll(/^export (?:async )?(?:const|function) (\w+)(.*)$/gm)];
      expect(exported.length, file).toBeGreaterThan(0);
      for (const [, name, rest] of exported) {
        expect(`${path.relative(process.cwd(), file)} ${name}${rest}`).toMatch(/= (teamAction|authedAction|publicAction)\(/);
      }
    }
  });

  it('lets each role do exactly what the table says', async () => {
    const { members, ownerCtx, teamId } = await teamWithEveryRole();
    const agent = await createAgent({ ctx: members.editor, input: { name: 'probe', kind: 'remote' } });
    const monitor = () => monitorFormSchema.parse({ name: `m-${randomUUID().slice(0, 4)}`, agentId: agent.id, type: 'tcp', target: 'db:5432', failureThreshold: '1' });
    // editor: monitors, agents; not below.
    expect((await refusal(createMonitor({ ctx: members.responder, input: monitor() }))).message).toBe('Only editors can add, change or delete monitors.');
    const { id: monitorId } = await createMonitor({ ctx: members.editor, input: monitor() });
    await createMonitor({ ctx: members.admin, input: monitor() });
    // responder: acknowledge and resolve.
    const [incident] = await sql`INSERT INTO incidents (monitor_id, started_at) VALUES (${monitorId}, now()) RETURNING id`;
    expect((await refusal(incidentsManage.acknowledgeIncident({ ctx: members.viewer, input: { incidentId: incident!.id } }))).code).toBe('FORBIDDEN');
    await incidentsManage.acknowledgeIncident({ ctx: members.responder, input: { incidentId: incident!.id } });
    expect((await sql`SELECT status, acknowledged_by FROM incidents WHERE id = ${incident!.id}`)[0]).toEqual({ status: 'acknowledged', acknowledged_by: members.responder.userId });
    // admin: members; not the editor.
    expect((await refusal(inviteMember({ ctx: members.editor, input: { email: 'x@example.com', role: 'viewer' }, baseUrl: BASE }))).message).toBe(
      'Only admins can invite or remove members and change their roles.',
    );
    await changeRole({ ctx: members.admin, input: { userId: members.viewer.userId, role: 'responder' } });
    // owner: the team itself; not an admin.
    expect((await refusal(renameTeam({ ctx: members.admin, input: { name: 'Mine now' } }))).message).toBe('Only the owner can rename, delete or hand over the team.');
    await renameTeam({ ctx: ownerCtx, input: { name: 'Platform' } });
    expect((await membershipsOf(members.viewer.userId)).find((team) => team.teamId === teamId)).toMatchObject({ name: 'Platform', role: 'responder' });
  });

  it('keeps exactly one owner: not removed, demoted or changed by an admin; leaving needs a hand-over first', async () => {
    const { members, ownerCtx, owner, teamId } = await teamWithEveryRole();
    expect((await refusal(removeMember({ ctx: members.admin, input: { userId: owner.userId } }))).message).toMatch(/owner cannot be removed/);
    expect((await refusal(changeRole({ ctx: members.admin, input: { userId: owner.userId, role: 'viewer' } }))).message).toMatch(/owner's role cannot be changed/);
    expect((await refusal(leaveTeam({ ctx: ownerCtx }))).message).toMatch(/hand it over/);
    expect((await refusal(transferOwnership({ ctx: members.admin, input: { userId: members.admin.userId } }))).code).toBe('FORBIDDEN');
    await transferOwnership({ ctx: ownerCtx, input: { userId: members.editor.userId } });
    const roles = Object.fromEntries((await teamMembersOf(teamId)).map((member) => [member.userId, member.role]));
    expect(roles[members.editor.userId]).toBe('owner');
    expect(roles[owner.userId]).toBe('admin');
    expect(Object.values(roles).filter((role) => role === 'owner')).toHaveLength(1);
    await leaveTeam({ ctx: { ...ownerCtx, role: 'admin' } });
    expect((await membershipsOf(owner.userId)).map((team) => team.teamId)).not.toContain(teamId);
  });

  it('two admins changing one member at once: both apply in turn, the member ends with one of the two', async () => {
    const { members, ownerCtx } = await teamWithEveryRole();
    await Promise.all([
      changeRole({ ctx: members.admin, input: { userId: members.viewer.userId, role: 'editor' } }),
      changeRole({ ctx: ownerCtx, input: { userId: members.viewer.userId, role: 'responder' } }),
    ]);
    const [row] = await sql`SELECT role FROM team_members WHERE user_id = ${members.viewer.userId} AND team_id = ${ownerCtx.teamId}`;
    expect(['editor', 'responder']).toContain(row!.role);
  });
});

describe('another team', () => {
  it('answers every id of another team NOT_FOUND, the same as a missing one, even to its admin', async () => {
    const a = await teamWithEveryRole();
    const b = await agentWithMonitors(1);
    const missing = randomUUID();
    for (const id of [b.agentId, missing]) {
      expect((await refusal(agentsManage.renameAgent({ ctx: a.members.admin, input: { agentId: id, name: 'mine' } }))).code).toBe('NOT_FOUND');
    }
    for (const id of [b.monitorIds[0]!, missing]) {
      expect((await refusal(monitorsManage.deleteMonitor({ ctx: a.members.admin, input: { monitorId: id } }))).code).toBe('NOT_FOUND');
      expect((await refusal(monitorsManage.setMonitorEnabled({ ctx: a.members.admin, input: { monitorId: id, enabled: false } }))).code).toBe('NOT_FOUND');
    }
    expect((await refusal(removeMember({ ctx: a.ownerCtx, input: { userId: b.userId } }))).code).toBe('NOT_FOUND');
    expect((await sql`SELECT count(*)::int AS n FROM monitors WHERE id = ${b.monitorIds[0]!} AND enabled`)[0]!.n).toBe(1);
  });
});

describe('invitations', () => {
  it('join the invited address with the invited role, once', async () => {
    const { ownerCtx, teamId } = await teamWithEveryRole();
    const ana = await createTestUser('ana');
    const sent = await inviteMember({ ctx: ownerCtx, input: { email: ana.email, role: 'responder' }, baseUrl: BASE });
    expect(sent).toMatchObject({ mail: 'unsent', url: expect.stringMatching(/^https:\/\/watch\.example\/join\/wpm_/) });
    expect(await pendingInvitations(teamId)).toEqual([expect.objectContaining({ email: ana.email, role: 'responder' })]);
    expect(await lookUpTeamInvitation(tokenOf(sent.url))).toMatchObject({ email: ana.email, role: 'responder' });
    await acceptTeamInvitation({ token: tokenOf(sent.url), userId: ana.userId, email: ana.email });
    expect((await membershipsOf(ana.userId)).find((team) => team.teamId === teamId)?.role).toBe('responder');
    // Used: nobody else, and not twice.
    expect(await lookUpTeamInvitation(tokenOf(sent.url))).toEqual({ problem: 'accepted' });
    expect((await refusal(acceptTeamInvitation({ token: tokenOf(sent.url), userId: ana.userId, email: ana.email }))).message).toMatch(/already been used/);
    expect((await refusal(inviteMember({ ctx: ownerCtx, input: { email: ana.email, role: 'viewer' }, baseUrl: BASE }))).message).toMatch(/already a member/);
  });

  it('refuse a link for another address, a tampered, revoked, superseded or expired one: nobody joins', async () => {
    const { ownerCtx, members, teamId } = await teamWithEveryRole();
    const bo = await createTestUser('bo');
    const eve = await createTestUser('eve');
    const members0 = (await teamMembersOf(teamId)).length;
    const first = await inviteMember({ ctx: ownerCtx, input: { email: bo.email, role: 'editor' }, baseUrl: BASE });
    expect((await refusal(acceptTeamInvitation({ token: tokenOf(first.url), userId: eve.userId, email: eve.email }))).message).toBe(
      `This invitation is for ${bo.email}. Sign in with that address to accept it.`,
    );
    expect((await refusal(acceptTeamInvitation({ token: `${tokenOf(first.url)}x`, userId: bo.userId, email: bo.email }))).message).toMatch(/not valid/);
    const second = await inviteMember({ ctx: members.admin, input: { email: bo.email, role: 'viewer' }, baseUrl: BASE });
    expect(await lookUpTeamInvitation(tokenOf(first.url))).toEqual({ problem: 'revoked' });
    const [pending] = await pendingInvitations(teamId);
    expect(pending).toMatchObject({ email: bo.email, invitedBy: members.admin.email });
    await revokeInvitation({ ctx: members.admin, input: { invitationId: pending!.id } });
    expect((await refusal(acceptTeamInvitation({ token: tokenOf(second.url), userId: bo.userId, email: bo.email }))).message).toMatch(/withdrawn/);
    const third = await inviteMember({ ctx: ownerCtx, input: { email: bo.email, role: 'viewer' }, baseUrl: BASE });
    await sql`UPDATE team_invitations SET expires_at = now() - interval '1 second' WHERE team_id = ${teamId} AND revoked_at IS NULL AND accepted_at IS NULL`;
    expect((await refusal(acceptTeamInvitation({ token: tokenOf(third.url), userId: bo.userId, email: bo.email }))).message).toMatch(/expired/);
    expect((await teamMembersOf(teamId)).length).toBe(members0);
  });

  it('let the invited address register even by invitation only, but not when registration is closed', async () => {
    const { ownerCtx, teamId } = await teamWithEveryRole();
    try {
      for (const mode of ['invite', 'closed'] as const) {
        process.env.WATCHPOST_REGISTRATION = mode;
        resetEnvCache();
        const email = `new-${mode}-${randomUUID().slice(0, 6)}@example.com`;
        const sent = await inviteMember({ ctx: ownerCtx, input: { email, role: 'viewer' }, baseUrl: BASE });
        const input = signUpSchema.parse({ email, password: 'a long test password', join: tokenOf(sent.url) });
        if (mode === 'invite') {
          const { id, joinedTeamId } = await signUp({ input });
          expect(joinedTeamId).toBe(teamId);
          expect((await membershipsOf(id)).map((team) => team.role).sort()).toEqual(['owner', 'viewer']);
        } else {
          expect((await refusal(signUp({ input }))).message).toMatch(/does not accept new accounts/);
        }
      }
      // Another address than the link's: no account at all.
      process.env.WATCHPOST_REGISTRATION = 'invite';
      resetEnvCache();
      const sent = await inviteMember({ ctx: ownerCtx, input: { email: 'invited@example.com', role: 'viewer' }, baseUrl: BASE });
      const other = signUpSchema.parse({ email: `other-${randomUUID().slice(0, 6)}@example.com`, password: 'a long test password', join: tokenOf(sent.url) });
      expect((await refusal(signUp({ input: other }))).code).toBe('FORBIDDEN');
      expect(await sql`SELECT id FROM users WHERE email = ${other.email}`).toEqual([]);
    } finally {
      process.env.WATCHPOST_REGISTRATION = 'open';
      resetEnvCache();
    }
  });
});

describe('teams and plans', () => {
  it('count usage across every team one owner has: more teams do not mean more room', async () => {
    const owner = await createTestUser('frugal', { plan: 'free' });
    const second = await createTeam({ userId: owner.userId, input: { name: 'Side project' } });
    const secondCtx: TeamContext = { userId: owner.userId, teamId: second.id, role: 'owner' };
    await createAgent({ ctx: owner.ctx, input: { name: 'one', kind: 'remote' } });
    await createAgent({ ctx: secondCtx, input: { name: 'two', kind: 'remote' } });
    const refused = await refusal(createAgent({ ctx: secondCtx, input: { name: 'three', kind: 'remote' } }));
    expect(refused.code).toBe('LIMIT_REACHED');
    expect((await usageOverview(owner.userId)).resources.agents).toMatchObject({ used: 2, limit: 2 });
    // A member's own plan does not matter: the owner's covers the team.
    const proMember = await createTestUser('generous');
    const sent = await inviteMember({ ctx: secondCtx, input: { email: proMember.email, role: 'editor' }, baseUrl: BASE });
    await acceptTeamInvitation({ token: tokenOf(sent.url), userId: proMember.userId, email: proMember.email });
    expect((await refusal(createAgent({ ctx: { userId: proMember.userId, teamId: second.id, role: 'editor' }, input: { name: 'four', kind: 'remote' } }))).code).toBe('LIMIT_REACHED');
  });

  it('delete a team with its rows after its name is typed; a personal team goes only with its account', async () => {
    const owner = await createTestUser('deleter');
    const team = await createTeam({ userId: owner.userId, input: { name: 'Temporary' } });
    const ctx: TeamContext = { userId: owner.userId, teamId: team.id, role: 'owner' };
    const agent = await createAgent({ ctx, input: { name: 'probe', kind: 'remote' } });
    expect((await refusal(deleteTeam({ ctx, input: { confirmName: 'temporary' } }))).message).toBe('Type the team\'s name, “Temporary”, to confirm.');
    expect(await sql`SELECT id FROM agents WHERE id = ${agent.id}`).toHaveLength(1);
    await deleteTeam({ ctx, input: { confirmName: 'Temporary' } });
    expect(await sql`SELECT id FROM agents WHERE id = ${agent.id}`).toEqual([]);
    expect((await refusal(deleteTeam({ ctx: owner.ctx, input: { confirmName: owner.email } }))).message).toMatch(/personal team goes with your account/);
  });

  it('an account that owns a shared team cannot be deleted; what a member made in a team stays with it', async () => {
    const { ownerCtx, members, owner, teamId } = await teamWithEveryRole();
    const agent = await createAgent({ ctx: members.editor, input: { name: 'made by the editor', kind: 'remote' } });
    await sql`UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE id = ${owner.userId}) WHERE id = ${members.editor.userId}`;
    await deleteAccount({ ctx: { userId: members.editor.userId }, input: { password: 'a long test password' } });
    expect((await sql`SELECT team_id, user_id FROM agents WHERE id = ${agent.id}`)[0]).toEqual({ team_id: teamId, user_id: owner.userId });
    expect((await refusal(deleteAccount({ ctx: { userId: owner.userId }, input: { password: 'a long test password' } }))).message).toMatch(/You own “Ops/);
    expect(ownerCtx.teamId).toBe(teamId);
  });
});
