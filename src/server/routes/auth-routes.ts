import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { usernameKey } from '../../store/repositories/accounts.js';
import { Type } from 'typebox';
import {
  acceptInvitation,
  accountCount,
  accountForSignIn,
  createFirstAccount,
  createInvitation,
  createSession,
  endAllSessions,
  endSession,
  openInvitation,
  type Account,
} from '../../store/repositories/accounts.js';
import { audit } from '../../store/repositories/audit-log.js';
import { OWNERS, projectAccess } from '../access.js';
import { AttemptLimit } from '../attempt-limit.js';
import { fail } from '../http-error.js';
import { DUMMY_HASH, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../password.js';
import { ERRORS, RoleSchema, SessionSchema } from '../schemas.js';
import { InvitationCreatedSchema, InvitationOfferSchema, SetupSchema } from '../answers.js';
import { accountOf, clearSessionCookie, setSessionCookie } from '../session.js';
import type { RouteContext } from './route-context.js';

const NewAccountBody = Type.Object({
  username: Type.String({ minLength: 2, maxLength: 40 }),
  displayName: Type.Optional(Type.String({ maxLength: 100 })),
  password: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 }),
});

/** Sign-up, sign-in, sign-out (here or everywhere), and invitations. */
export function authRoutes({
  store,
  secureCookies,
  loginLimit,
  loginLimitPerAddress,
}: RouteContext): FastifyPluginAsyncTypebox {
  const perAddress = new AttemptLimit(loginLimitPerAddress.max, loginLimitPerAddress.timeWindow);
  return async (app) => {
    const signIn = async (account: Account, reply: Parameters<typeof setSessionCookie>[0]) => {
      const { token, session } = await createSession(store, account);
      setSessionCookie(reply, token, session.expiresAt, secureCookies);
      return session;
    };

    app.get(
      '/setup',
      {
        config: { public: true },
        schema: {
          summary: 'Whether this Twoway still needs its first account',
          response: { 200: SetupSchema },
        },
      },
      async () => ({ needsFirstAccount: (await accountCount(store)) === 0 }),
    );

    app.post(
      '/signup',
      {
        config: { public: true },
        schema: {
          summary: 'Create the first account of a new database (it becomes the administrator)',
          body: NewAccountBody,
          response: { 200: SessionSchema, ...ERRORS },
        },
      },
      async (request, reply) => {
        const { username, displayName, password } = request.body;
        const account = await createFirstAccount(store, {
          username,
          ...(displayName ? { displayName } : {}),
          passwordHash: await hashPassword(password),
        });
        await audit(store, {
          projectId: null,
          actor: account.username,
          action: 'account.create-first',
          detail: {},
        });
        return signIn(account, reply);
      },
    );

    app.post(
      '/login',
      {
        config: { public: true },
        preHandler: [
          // per address and username, in the one form sign-in compares names in
          app.rateLimit({
            ...loginLimit,
            keyGenerator: (request) => {
              const body = request.body as { username?: unknown } | undefined;
              return `${request.ip}\u0000${typeof body?.username === 'string' ? usernameKey(body.username) : ''}`;
            },
          }),
          // and per address alone, whatever names are tried
          perAddress.preHandler((request) => request.ip),
        ],
        schema: {
          summary: 'Sign in (rate limited per address and username, and per address)',
          body: Type.Object({
            username: Type.String({ maxLength: 100 }),
            password: Type.String({ maxLength: 200 }),
          }),
          response: { 200: SessionSchema, ...ERRORS },
        },
      },
      async (request, reply) => {
        const found = await accountForSignIn(store, request.body.username);
        // the hash is checked even for an unknown name, so timing does not tell which names exist
        const ok = await verifyPassword(request.body.password, found?.passwordHash ?? DUMMY_HASH);
        if (!found || !ok) fail('E_BAD_CREDENTIALS', 'wrong username or password');
        return signIn(found.account, reply);
      },
    );

    app.get(
      '/session',
      {
        schema: {
          summary: 'The signed-in account and its CSRF token',
          response: { 200: SessionSchema, ...ERRORS },
        },
      },
      async (request) => {
        accountOf(request);
        return request.session!;
      },
    );

    app.post(
      '/logout',
      {
        config: { public: true },
        schema: { summary: 'Sign out of this browser', response: { 204: Type.Null() } },
      },
      async (request, reply) => {
        if (request.sessionToken) await endSession(store, request.sessionToken);
        clearSessionCookie(reply);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/logout-everywhere',
      {
        schema: {
          summary: 'Sign out of every browser and device',
          response: { 200: Type.Object({ sessionsEnded: Type.Integer() }), ...ERRORS },
        },
      },
      async (request, reply) => {
        const account = accountOf(request);
        const sessionsEnded = await endAllSessions(store, account.id);
        await audit(store, {
          projectId: null,
          actor: account.username,
          action: 'account.logout-everywhere',
          detail: { sessionsEnded },
        });
        clearSessionCookie(reply);
        return { sessionsEnded };
      },
    );

    app.post(
      '/invitations',
      {
        schema: {
          summary:
            'Create an invitation link: to a project with a role (its owners), or to Twoway (administrators)',
          body: Type.Object({
            projectId: Type.Optional(Type.Integer({ minimum: 1 })),
            role: Type.Optional(RoleSchema),
          }),
          response: { 200: InvitationCreatedSchema, ...ERRORS },
        },
      },
      async (request) => {
        const account = accountOf(request);
        const { projectId } = request.body;
        const role = request.body.role ?? 'reviewer';
        if (projectId === undefined) {
          if (!account.isAdmin) fail('E_FORBIDDEN', 'only an administrator invites people without a project');
        } else await projectAccess(store, request, projectId, OWNERS);
        const invitation = await createInvitation(store, {
          projectId: projectId ?? null,
          role,
          createdBy: account.username,
        });
        await audit(store, {
          projectId: projectId ?? null,
          actor: account.username,
          action: 'invitation.create',
          detail: { role },
        });
        return { ...invitation, path: `/invite/${invitation.token}` };
      },
    );

    app.get(
      '/invitations/:token',
      {
        config: { public: true },
        schema: {
          summary: 'What an invitation link offers',
          params: Type.Object({ token: Type.String({ maxLength: 100 }) }),
          response: { 200: InvitationOfferSchema, ...ERRORS },
        },
      },
      async (request) => {
        const offer = await openInvitation(store, request.params.token);
        if (!offer)
          fail('E_NOT_FOUND', 'this invitation link is unknown, used or expired: ask for a new one');
        return offer;
      },
    );

    app.post(
      '/invitations/:token/accept',
      {
        config: { public: true },
        schema: {
          summary: 'Accept an invitation: with a new account, or signed in (to join its project)',
          params: Type.Object({ token: Type.String({ maxLength: 100 }) }),
          // the new account's fields, each under the sign-up rules when it is given (signed in, none are)
          body: Type.Partial(NewAccountBody, { additionalProperties: false }),
          response: { 200: SessionSchema, ...ERRORS },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (request.session) {
          const { projectId } = await acceptInvitation(store, request.params.token, {
            accountId: request.session.account.id,
          });
          await audit(store, {
            projectId,
            actor: request.session.account.username,
            action: 'invitation.accept',
            detail: {},
          });
          return request.session;
        }
        if (!body.username || !body.password) fail('E_INVALID_REQUEST', 'choose a username and a password');
        const { account, projectId } = await acceptInvitation(store, request.params.token, {
          newAccount: {
            username: body.username,
            ...(body.displayName ? { displayName: body.displayName } : {}),
            passwordHash: await hashPassword(body.password),
          },
        });
        await audit(store, {
          projectId,
          actor: account.username,
          action: 'invitation.accept',
          detail: { newAccount: true },
        });
        return signIn(account, reply);
      },
    );
  };
}
