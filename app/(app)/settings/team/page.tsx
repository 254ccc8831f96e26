import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { pendingInvitations, teamMembersOf } from '@/db/queries/teams';
import { requireTeam } from '@/lib/auth/session';
import { PERMISSIONS, refusal, ROLE_LABELS } from '@/lib/teams/roles';
import { SettingsTabs } from '../_components/settings-tabs';
import {
  CreateTeamForm,
  DeleteTeamForm,
  InviteForm,
  LeaveTeamForm,
  MemberRoleForm,
  RemoveMemberForm,
  RenameTeamForm,
  RevokeInvitationForm,
  TransferForm,
} from './_components/team-forms';

export const metadata: Metadata = { title: 'Team' };

const date = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function TeamPage() {
  const { ctx, team } = await requireTeam();
  const [members, invitations] = await Promise.all([teamMembersOf(ctx.teamId), pendingInvitations(ctx.teamId)]);
  const manageMembers = refusal(ctx.role, PERMISSIONS.manageMembers);
  const manageTeam = refusal(ctx.role, PERMISSIONS.manageTeam);
  const isOwner = ctx.role === 'owner';
  const others = members.filter((member) => member.userId !== ctx.userId);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings/team" />

      <Card title={team.name} description={`You are ${ROLE_LABELS[ctx.role].toLowerCase()} of this team.${team.personal ? ' This is your personal team.' : ''}`}>
        <RenameTeamForm name={team.name} refusal={manageTeam} />
      </Card>

      <Card title="Members" description="Viewers see everything; responders also acknowledge and resolve incidents, post status updates and run maintenance; editors also change monitors, agents, channels, pages and maintenance; admins also manage members; the owner also renames, hands over or deletes the team.">
        {manageMembers ? (
          <p className="mb-2 text-xs text-slate-500" data-testid="members-reason">
            {manageMembers}
          </p>
        ) : null}
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-left text-slate-600">
              <tr>
                <th className="py-2 pr-4 font-medium">Member</th>
                <th className="py-2 pr-4 font-medium">Role</th>
                <th className="py-2 pr-4 font-medium">Joined</th>
                <th className="py-2 font-medium">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => {
                const ownerRow = member.role === 'owner';
                const self = member.userId === ctx.userId;
                const roleRefusal = manageMembers ?? (ownerRow ? "The owner's role changes only when the owner hands the team over." : null);
                const removeRefusal = manageMembers ?? (ownerRow ? 'The owner cannot be removed.' : self ? 'Use “Leave team” below.' : null);
                return (
                  <tr key={member.userId} className="border-t border-slate-100 align-top" data-testid="member-row">
                    <td className="py-2 pr-4">
                      {member.email}
                      {self ? <span className="ml-1 text-slate-500">(you)</span> : null}
                    </td>
                    <td className="py-2 pr-4">
                      {ownerRow || manageMembers ? ROLE_LABELS[member.role] : <MemberRoleForm userId={member.userId} email={member.email} role={member.role} refusal={roleRefusal} />}
                    </td>
                    <td className="py-2 pr-4 whitespace-nowrap">{date.format(member.joinedAt)}</td>
                    <td className="py-2">{ownerRow || manageMembers ? null : <RemoveMemberForm userId={member.userId} email={member.email} refusal={removeRefusal} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>

      <Card title="Invite a member" description="They get a link by e-mail that works once, for their address, for 7 days. Without an account they create one with that address.">
        <InviteForm refusal={manageMembers} />
        {invitations.length > 0 ? (
          <div className="mt-6">
            <h3 className="mb-2 text-sm font-semibold">Pending invitations</h3>
            <table className="w-full text-sm">
              <thead className="text-left text-slate-600">
                <tr>
                  <th className="py-1 pr-4 font-medium">E-mail</th>
                  <th className="py-1 pr-4 font-medium">Role</th>
                  <th className="py-1 pr-4 font-medium">Invited by</th>
                  <th className="py-1 pr-4 font-medium">Expires</th>
                  <th className="py-1 font-medium">
                    <span className="sr-only">Revoke</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((invitation) => (
                  <tr key={invitation.id} className="border-t border-slate-100" data-testid="invitation-row">
                    <td className="py-1 pr-4">{invitation.email}</td>
                    <td className="py-1 pr-4">{ROLE_LABELS[invitation.role]}</td>
                    <td className="py-1 pr-4">{invitation.invitedBy ?? 'a former member'}</td>
                    <td className="py-1 pr-4 whitespace-nowrap">{date.format(invitation.expiresAt)}</td>
                    <td className="py-1">
                      <RevokeInvitationForm invitationId={invitation.id} email={invitation.email} refusal={manageMembers} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>

      {isOwner && others.length > 0 ? (
        <Card title="Hand over the team" description="The new owner's plan covers the team from then on; you stay as an admin.">
          <TransferForm members={others.map(({ userId, email }) => ({ userId, email }))} />
        </Card>
      ) : null}

      {!team.personal ? (
        <Card title="Leave team" description="You lose access at once; someone with the admin role can invite you again.">
          <LeaveTeamForm refusal={isOwner ? 'You own this team: hand it over to another member before you leave.' : null} />
        </Card>
      ) : null}

      {isOwner && !team.personal ? (
        <Card title="Delete team" description="Deletes the team with all its agents, monitors, heartbeats, incidents, channels, status pages and maintenance. This cannot be undone.">
          <DeleteTeamForm name={team.name} />
        </Card>
      ) : null}

      <Card title="Create a team" description="A team to share with others. Your plan covers every team you own, counted together.">
        <CreateTeamForm />
      </Card>
    </div>
  );
}
