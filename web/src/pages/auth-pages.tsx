import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, type InvitationOffer, type Session } from '../api.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';
import { ErrorNote, Loading, Page } from '../ui.js';

interface AccountFormProps {
  submitLabel: string;
  withDisplayName: boolean;
  onSubmit: (values: { username: string; password: string; displayName: string }) => Promise<void>;
}

function AccountForm({ submitLabel, withDisplayName, onSubmit }: AccountFormProps) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit({ username, password, displayName });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card narrow" onSubmit={(e) => void submit(e)}>
      <label>
        Username
        <input
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      {withDisplayName && (
        <label>
          Your name (as others see it)
          <input
            name="displayName"
            autoComplete="name"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
      )}
      <label>
        Password {withDisplayName && <span className="muted">(8 characters or more)</span>}
        <input
          name="password"
          type="password"
          autoComplete={withDisplayName ? 'new-password' : 'current-password'}
          required
          minLength={withDisplayName ? 8 : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <ErrorNote error={error} />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

/** First run: the first account becomes the administrator. */
export function SignUpPage() {
  const { signedIn } = useSession();
  return (
    <Page title="Welcome to Twoway">
      <p>
        This Twoway has no accounts yet. The account you create now is its administrator; others join by
        invitation.
      </p>
      <AccountForm
        submitLabel="Create the administrator account"
        withDisplayName
        onSubmit={async ({ username, password, displayName }) =>
          signedIn(
            await api.post<Session>('/signup', {
              username,
              password,
              ...(displayName ? { displayName } : {}),
            }),
          )
        }
      />
    </Page>
  );
}

export function SignInPage() {
  const { signedIn } = useSession();
  return (
    <Page title="Sign in">
      <AccountForm
        submitLabel="Sign in"
        withDisplayName={false}
        onSubmit={async ({ username, password }) =>
          signedIn(await api.post<Session>('/login', { username, password }))
        }
      />
    </Page>
  );
}

/** An invitation link: sign up with it, or join its project with the account already signed in. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const { account, signedIn } = useSession();
  const navigate = useNavigate();
  const offer = useLoad(() => api.get<InvitationOffer>(`/invitations/${token}`), [token]);
  const [error, setError] = useState<unknown>();
  if (offer.loading) return <Loading what="the invitation" />;
  if (offer.error || !offer.data)
    return (
      <Page title="Invitation">
        <ErrorNote error={offer.error} />
      </Page>
    );
  const { projectId, projectTitle, role, createdBy } = offer.data;
  const done = (session: Session) => {
    signedIn(session);
    navigate(projectId ? `/projects/${projectId}` : '/');
  };
  return (
    <Page title="Invitation">
      <p>
        {createdBy} invites you to {projectTitle ? <strong>{projectTitle}</strong> : 'Twoway'}
        {projectTitle ? ` as ${role}` : ''}.
      </p>
      {account ? (
        <>
          <button
            type="button"
            onClick={() => void api.post<Session>(`/invitations/${token}/accept`).then(done).catch(setError)}
          >
            Join as {account.username}
          </button>
          <ErrorNote error={error} />
        </>
      ) : (
        <AccountForm
          submitLabel="Create my account and join"
          withDisplayName
          onSubmit={async ({ username, password, displayName }) =>
            done(
              await api.post<Session>(`/invitations/${token}/accept`, {
                username,
                password,
                ...(displayName ? { displayName } : {}),
              }),
            )
          }
        />
      )}
    </Page>
  );
}
