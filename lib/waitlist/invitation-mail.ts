import 'server-only';
import { sendMail } from '@/lib/mail/send';
import type { CreatedInvitation } from './invitations';

/** The invitation as a plain-text mail: the link, until when it works, and that it works once. */
export async function sendInvitationMail(invitation: CreatedInvitation): Promise<void> {
  const until = invitation.expiresAt.toUTCString().replace(/:\d\d GMT$/, ' UTC');
  await sendMail({
    to: invitation.email,
    subject: 'Your invitation to the Watchpost beta',
    text: [
      'Hello,',
      '',
      'your spot in the Watchpost beta is open. Create your account with this link:',
      '',
      invitation.url,
      '',
      `The link works once, for ${invitation.email}, until ${until}.`,
      '',
      'If you did not join the Watchpost waitlist, ignore this mail: nothing happens without the link.',
    ].join('\n'),
  });
}
