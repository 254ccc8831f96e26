import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { membersWithoutTwoFactor, pendingInvitations, teamMembersOf } from '@/db/queries/teams';
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
  TwoFactorPolicyForm,
} from './_components/team-forms';

export const metadata: Metadata = { title: 'Team' };

const date = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function TeamPage() {
  const { ctx, team } = await requireTeam();
  const [members, invitations, withoutTwoFactor] = await Promise.all([teamMembersOf(ctx.teamId), pendingInvitations(ctx.teamId), membersWithoutTwoFactor(ctx.teamId)]);
  const manageMembers = refusal(ctx.role, PERMISSIONS.manageMembers);
  const manageTeam = refusal(ctx.role, PERMISSIONS.manageTeam);
  const isOwner = ctx.role === 'owner';
  const others = members.filter((member) => member.userId !== ctx.userId);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings/team" />

      <Card title={team.name} description={`You are ${ROLE_LABELS[ctx.role].toLowerCase()} of this team.${team.personal ? ' This is your personal team.' : ''}`}>
        <RenameTeamForm name={team.name} timeZone={team.timeZone} refusal={manageTeam} />
      </Card>

      {team.personal ? null : (
        <Card title="Two-factor sign-in" description="Require every member to sign in with a second factor (an authenticator app or a passkey) before they reach this team's data. The audit log records each change.">
          <TwoFactorPolicyForm required={team.requireTwoFactor} refusal={manageMembers} withoutTwoFactor={withoutTwoFactor} />
        </Card>
      )}

      <Card title="Members" description="Viewers see everything; responders also acknowledge and resolve incidents, post status updates and run maintenance; editors also change monitors, agents, channels, pages and maintenance; admins also manage members; the owner also renames, hands over or deletes the team.">
        {manageMembers ? (
          <p className="mb-2 text-xs text-slate-500" data-testid="members-reason">
            {manageMembers}
          </p>
        ) : null}
        <div className="overflow-x-auto">
          <DataTable
            rows={members}
            rowKey={(member) => member.userId}
            rowTestId="member-row"
            columns={[
              {
                header: 'Member',
                cell: (member) => (
                  <>
                    {member.email}
                    {member.userId === ctx.userId ? <span className="ml-1 text-slate-500">(you)</span> : null}
                  </>
                ),
              },
              {
                header: 'Role',
                cell: (member) =>
                  member.role === 'owner' || manageMembers ? (
                    ROLE_LABELS[member.role]
                  ) : (
                    <MemberRoleForm userId={member.userId} email={member.email} role={member.role} refusal={null} />
                  ),
              },
              { header: 'Joined', className: 'whitespace-nowrap', cell: (member) => date.format(member.joinedAt) },
              {
                header: 'Remove',
                srOnly: true,
                cell: (member) =>
                  member.role === 'owner' || manageMembers ? null : (
                    <RemoveMemberForm userId={member.userId} email={member.email} refusal={member.userId === ctx.userId ? 'Use “Leave team” below.' : null} />
                  ),
              },
            ]}
          />
        </div>
      </Card>

      <Card title="Invite a member" description="They get a link by e-mail that works once, for their address, for 7 days. Without an account they create one with that address.">
        <InviteForm refusal={manageMembers} />
        {invitations.length > 0 ? (
          <div className="mt-6">
            <h3 className="mb-2 text-sm font-semibold">Pending invitations</h3>
            <DataTable
              rows={invitations}
              rowKey={(invitation) => invitation.id}
              rowTestId="invitation-row"
              columns={[
                { header: 'E-mail', cell: (invitation) => invitation.email },
                { header: 'Role', cell: (invitation) => ROLE_LABELS[invitation.role] },
                { header: 'Invited by', cell: (invitation) => invitation.invitedBy ?? 'a former member' },
                { header: 'Expires', className: 'whitespace-nowrap', cell: (invitation) => date.format(invitation.expiresAt) },
                { header: 'Revoke', srOnly: true, cell: (invitation) => <RevokeInvitationForm invitationId={invitation.id} email={invitation.email} refusal={manageMembers} /> },
              ]}
            />
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
