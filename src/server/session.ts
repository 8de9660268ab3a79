import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sessionByToken, type Account, type Session } from '../store/repositories/accounts.js';
import type { Store } from '../store/open-store.js';
import { fail } from './http-error.js';

export const SESSION_COOKIE = 'twoway_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | undefined;
    sessionToken: string | undefined;
  }
  interface FastifyContextConfig {
    /** The route answers without a session (sign-up, sign-in, an invitation link); every other needs one. */
    public?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Reads the session cookie of every API request. A request that changes something must also carry the
 * session's CSRF token in a header (a cross-site form cannot set headers); requests with no session yet
 * (sign-in, sign-up) are JSON-only, which a cross-site form cannot send either.
 */
export function registerSessions(app: FastifyInstance, store: Store): void {
  app.decorateRequest('session', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await sessionByToken(store, token);
    if (!session) return;
    request.session = session;
    request.sessionToken = token;
    if (UNSAFE.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken)
      fail('E_CSRF', `send the session's CSRF token in the ${CSRF_HEADER} header`);
  });
}

/**
 * Every API route but the public ones needs a session, and is refused before its body is validated: a stranger
 * gets 401 and learns nothing of the route's schema (an invalid body answered 400 with the schema's complaint).
 */
export function requireSessions(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (!request.url.startsWith('/api/v1/') || request.is404 || request.routeOptions.config?.public) return;
    if (!request.session) fail('E_UNAUTHENTICATED', 'sign in first');
  });
}

/** The signed-in account of a request, or E_UNAUTHENTICATED. */
export function accountOf(request: FastifyRequest): Account {
  if (!request.session) fail('E_UNAUTHENTICATED', 'sign in first');
  return request.session.account;
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  expiresAt: string,
  secure: boolean,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
