import { describe, expect, it } from 'vitest';
import { withMigrationConnection } from '@/db/migration-connection';
import { loadMigrations, migrateDown, migrateUp } from '@/db/migrator';
import { emptyDatabase } from '../helpers/empty-database';

// A database at the migration before teams, with two users' agents, monitors, channels,
// status pages and maintenance: after migrating, each user has one personal team that
// owns exactly their rows; the down migration gives the rows back to their users.

const database = emptyDatabase('teams_migration');
const { url, sql } = database;

const migrations = loadMigrations();
const teamsAt = migrations.findIndex((m) => m.tag === '0018_teams');

async function seedUser(email: string) {
  const [user] = await sql`INSERT INTO users (email, password_hash) VALUES (${email}, 'x') RETURNING id`;
  const [agent] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted) VALUES (${user!.id}, 'probe', '\\x00') RETURNING id`;
  const [monitor] = await sql`INSERT INTO monitors (agent_id, name, type, target) VALUES (${agent!.id}, 'api', 'tcp', 'db:5432') RETURNING id`;
  const [channel] = await sql`INSERT INTO notification_channels (user_id, name, kind, secrets_encrypted) VALUES (${user!.id}, 'ops', 'webhook', '\\x00') RETURNING id`;
  const [page] = await sql`INSERT INTO status_pages (user_id, slug, title) VALUES (${user!.id}, ${`page-${email.slice(0, 3)}`}, 'Status') RETURNING id`;
  const [window] = await sql`INSERT INTO maintenance_windows (user_id, title, time_zone, starts_at_local, duration_minutes) VALUES (${user!.id}, 'Upgrade', 'UTC', '2027-01-01T00:00', 60) RETURNING id`;
  return { userId: user!.id as string, agentId: agent!.id as string, monitorId: monitor!.id as string, channelId: channel!.id as string, pageId: page!.id as string, windowId: window!.id as string };
}

const ownedBy = async (userId: string) => ({
  agents: (await sql`SELECT id FROM agents WHERE user_id = ${userId}`).map((r) => r.id),
  channels: (await sql`SELECT id FROM notification_channels WHERE user_id = ${userId}`).map((r) => r.id),
  pages: (await sql`SELECT id FROM status_pages WHERE user_id = ${userId}`).map((r) => r.id),
  windows: (await sql`SELECT id FROM maintenance_windows WHERE user_id = ${userId}`).map((r) => r.id),
});

describe('the teams migration', () => {
  it('gives every user a personal team owning exactly their rows, and the down migration gives them back', async () => {
    await withMigrationConnection(url, (conn) => migrateUp(conn, migrations.slice(0, teamsAt)));
    const ana = await seedUser('ana@example.com');
    const bo = await seedUser('bo@example.com');
    const before = { ana: await ownedBy(ana.userId), bo: await ownedBy(bo.userId) };

    await withMigrationConnection(url, (conn) => migrateUp(conn, migrations.slice(0, teamsAt + 1)));
    for (const person of [ana, bo]) {
      const teams = await sql`
        SELECT t.id, t.name, m.role FROM teams t JOIN team_members m ON m.team_id = t.id
        WHERE m.user_id = ${person.userId}`;
      expect(teams).toEqual([expect.objectContaining({ role: 'owner' })]);
      const teamId = teams[0]!.id;
      expect((await sql`SELECT id FROM agents WHERE team_id = ${teamId}`).map((r) => r.id)).toEqual([person.agentId]);
      expect((await sql`SELECT id FROM notification_channels WHERE team_id = ${teamId}`).map((r) => r.id)).toEqual([person.channelId]);
      expect((await sql`SELECT id FROM status_pages WHERE team_id = ${teamId}`).map((r) => r.id)).toEqual([person.pageId]);
      expect((await sql`SELECT id FROM maintenance_windows WHERE team_id = ${teamId}`).map((r) => r.id)).toEqual([person.windowId]);
    }
    expect((await sql`SELECT name FROM teams ORDER BY name`).map((r) => r.name)).toEqual(['ana@example.com', 'bo@example.com']);

    // After it: an operator's script that writes only the seed's columns still works, and
    // its rows land in the user's personal team.
    const [cy] = await sql`INSERT INTO users (email, password_hash) VALUES ('cy@example.com', 'x') RETURNING id`;
    const [agent] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted) VALUES (${cy!.id}, 'scripted', '\\x00') RETURNING team_id`;
    const [personal] = await sql`SELECT t.id FROM teams t JOIN team_members m ON m.team_id = t.id AND m.role = 'owner' WHERE t.personal_user_id = ${cy!.id}`;
    expect(agent!.team_id).toBe(personal!.id);

    await withMigrationConnection(url, (conn) => migrateDown(conn, migrations.slice(0, teamsAt + 1)));
    expect({ ana: await ownedBy(ana.userId), bo: await ownedBy(bo.userId) }).toEqual(before);
    expect((await sql`SELECT to_regclass('teams') AS t`)[0]!.t).toBeNull();
  });
});
