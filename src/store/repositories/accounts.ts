import { createHash, randomBytes } from 'node:crypto';
import { TwowayError } from '../../domain/errors.js';
import type { Store } from '../open-store.js';
import type { Role } from './projects.js';
import { writeTransaction } from '../write-transaction.js';

export interface Account {
  id: number;
  username: string;
  displayName: string;
  isAdmin: boolean;
  createdAt: string;
}

export interface NewAccount {
  username: string;
  displayName?: string;
  passwordHash: string;
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, reviewer: 1, owner: 2 };

/** Sessions last this long from sign-in (a review is worked on for weeks; sign out ends one at once). */
export const SESSION_DAYS = 14;
/** Invitation links stay valid this long. */
export const INVITATION_DAYS = 14;

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,39}$/;

/**
 * The one form of a typed username that every comparison uses — the stored name, sign-in and its rate limit:
 * compatibility-normalised (NFKC), trimmed of any Unicode space, lower case. (The limiter keyed on the lower-cased
 * name while sign-in trimmed it, so " ben", "ben\t", "\u00a0ben" each had ten tries a minute.)
 * @example usernameKey('\u00a0Ben\t') // 'ben'
 */
export function usernameKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

/**
 * A username as stored: lower case, 2–40 characters of letters, digits, dot, dash, underscore. It is the name
 * a reviewer's decisions carry, so it is checked the same way everywhere.
 * @example normaliseUsername(' Alice ') // 'alice'
 */
export function normaliseUsername(name: string): string {
  const username = usernameKey(name);
  if (!USERNAME.test(username))
    throw new TwowayError({
      code: 'E_USAGE',
      message:
        'a username is 2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit',
    });
  return username;
}

/** A random token for a cookie or a link, and the hash the database keeps of it. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toAccount(row: {
  id: number;
  username: string;
  display_name: string;
  is_admin: number;
  created_at: string;
}): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
  };
}

export async function accountCount(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('account')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type Trx = Parameters<Parameters<typeof writeTransaction>[1]>[0];

/** The refusals of a taken username (an invitation's accept counts them on its link). */
const takenUsernames = new WeakSet<TwowayError>();

async function insertAccount(trx: Trx, input: NewAccount, admin: boolean): Promise<number> {
  const username = normaliseUsername(input.username);
  const taken = await trx
    .selectFrom('account')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  if (taken) {
    const refusal = new TwowayError({ code: 'E_CONFLICT', message: `the username ${username} is taken` });
    takenUsernames.add(refusal);
    throw refusal;
  }
  const row = await trx
    .insertInto('account')
    .values({
      username,
      display_name: input.displayName?.trim() || username,
      password_hash: input.passwordHash,
      is_admin: admin ? 1 : 0,
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Creates the first account of a new database, which becomes its administrator. Refused once any account
 * exists (others join by invitation), also when two first sign-ups race.
 */
export async function createFirstAccount(store: Store, input: NewAccount): Promise<Account> {
  const id = await writeTransaction(store, async (trx) => {
    // PostgreSQL: the table lock makes a second racing sign-up wait and then see the first account
    await store.engine.lockAccounts(trx);
    const existing = await trx.selectFrom('account').select('id').limit(1).executeTakeFirst();
    if (existing)
      throw new TwowayError({
        code: 'E_FORBIDDEN',
        message: 'this Twoway has accounts already: ask an administrator or project owner for an invitation',
      });
    return insertAccount(trx, input, true);
  });
  return getAccount(store, id);
}

export async function getAccount(store: Store, id: number): Promise<Account> {
  const row = await store.db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new TwowayError({ code: 'E_NOT_FOUND', message: `there is no account ${id}` });
  return toAccount(row);
}

/** The account and its password hash, for signing in; undefined when there is no such username. */
export async function accountForSignIn(
  store: Store,
  username: string,
): Promise<{ account: Account; passwordHash: string } | undefined> {
  const row = await store.db
    .selectFrom('account')
    .selectAll()
    .where('username', '=', usernameKey(username))
    .executeTakeFirst();
  return row ? { account: toAccount(row), passwordHash: row.password_hash } : undefined;
}

export async function listAccounts(store: Store): Promise<Account[]> {
  const rows = await store.db.selectFrom('account').selectAll().orderBy('id').execute();
  return rows.map(toAccount);
}

export interface Session {
  account: Account;
  csrfToken: string;
  expiresAt: string;
}

/** Opens a session for an account: the token goes into the cookie, only its hash into the database. */
export async function createSession(
  store: Store,
  account: Account,
): Promise<{ token: string; session: Session }> {
  const { token, hash } = newToken();
  const now = new Date();
  const expires = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
  const csrf = randomBytes(24).toString('base64url');
  // expired sessions are of no use to anyone: each sign-in clears them away
  await store.db.deleteFrom('auth_session').where('expires_at', '<=', now.toISOString()).execute();
  await store.db
    .insertInto('auth_session')
    .values({
      token_hash: hash,
      account_id: account.id,
      csrf_token: csrf,
      created_at: now.toISOString(),
      expires_at: expires,
    })
    .execute();
  return { token, session: { account, csrfToken: csrf, expiresAt: expires } };
}

/** The live session a cookie's token opens, or undefined (unknown, expired or signed out). */
export async function sessionByToken(store: Store, token: string): Promise<Session | undefined> {
  const row = await store.db
    .selectFrom('auth_session')
    .innerJoin('account', 'account.id', 'auth_session.account_id')
    .select([
      'account.id',
      'account.username',
      'account.display_name',
      'account.is_admin',
      'account.created_at',
      'auth_session.csrf_token',
      'auth_session.expires_at',
    ])
    .where('auth_session.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.expires_at <= new Date().toISOString()) return undefined;
  return { account: toAccount(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function endSession(store: Store, token: string): Promise<void> {
  await store.db.deleteFrom('auth_session').where('token_hash', '=', tokenHash(token)).execute();
}

/** Signs an account out everywhere: every session it has, on every device, ends. Returns how many ended. */
export async function endAllSessions(store: Store, accountId: number): Promise<number> {
  const result = await store.db
    .deleteFrom('auth_session')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface Invitation {
  token: string;
  projectId: number | null;
  role: Role;
  expiresAt: string;
}

/** Creates an invitation link's token: to Twoway, and to a project with a role when one is given. */
export async function createInvitation(
  store: Store,
  input: { projectId: number | null; role: Role; createdBy: string },
): Promise<Invitation> {
  const { token, hash } = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  await store.db
    .insertInto('invitation')
    .values({
      token_hash: hash,
      project_id: input.projectId,
      role: input.role,
      created_by: input.createdBy,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      accepted_by: null,
      accepted_at: null,
    })
    .execute();
  return { token, projectId: input.projectId, role: input.role, expiresAt };
}

/** An invitation link works once, until it expires. */
/**
 * Failed accepts a link survives: a person choosing a taken username tries again, someone probing which
 * usernames exist tries many; past this the link is used up.
 */
export const MAX_FAILED_ACCEPTS = 5;

function usable(invitation: {
  accepted_at: string | null;
  expires_at: string;
  failed_accepts: number;
}): boolean {
  return (
    !invitation.accepted_at &&
    invitation.expires_at > new Date().toISOString() &&
    invitation.failed_accepts < MAX_FAILED_ACCEPTS
  );
}

/** What an invitation link offers, for the page that opens it; undefined when unknown, used or expired. */
export async function openInvitation(
  store: Store,
  token: string,
): Promise<
  { projectId: number | null; projectTitle: string | null; role: Role; createdBy: string } | undefined
> {
  const row = await store.db
    .selectFrom('invitation')
    .leftJoin('project', 'project.id', 'invitation.project_id')
    .select([
      'invitation.project_id',
      'invitation.role',
      'invitation.created_by',
      'invitation.expires_at',
      'invitation.accepted_at',
      'invitation.failed_accepts',
      'project.title',
    ])
    .where('invitation.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || !usable(row)) return undefined;
  return { projectId: row.project_id, projectTitle: row.title, role: row.role, createdBy: row.created_by };
}

/**
 * Accepts an invitation, once: with a new account (sign-up by invitation) or an existing one (joining a
 * project). The project membership, the account and the use of the link are one transaction.
 */
export async function acceptInvitation(
  store: Store,
  token: string,
  who: { newAccount: NewAccount } | { accountId: number },
): Promise<{ account: Account; projectId: number | null }> {
  const result = await writeTransaction(store, async (trx) => {
    const invitation = await trx
      .selectFrom('invitation')
      .selectAll()
      .where('token_hash', '=', tokenHash(token))
      .executeTakeFirst();
    if (!invitation || !usable(invitation))
      throw new TwowayError({
        code: 'E_NOT_FOUND',
        message: 'this invitation link is unknown, used or expired: ask for a new one',
      });
    const accountId = 'newAccount' in who ? await insertAccount(trx, who.newAccount, false) : who.accountId;

    const account = await trx
      .selectFrom('account')
      .select('username')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    if (invitation.project_id !== null) {
      // a member keeps the higher of their role and the invitation's: an owner opening a viewer's link stays owner
      const current = await trx
        .selectFrom('member')
        .select('role')
        .where('project_id', '=', invitation.project_id)
        .where('reviewer', '=', account.username)
        .executeTakeFirst();
      if (!current)
        await trx
          .insertInto('member')
          .values({
            project_id: invitation.project_id,
            reviewer: account.username,
            role: invitation.role,
            added_at: now,
          })
          .execute();
      else if (ROLE_RANK[invitation.role] > ROLE_RANK[current.role])
        await trx
          .updateTable('member')
          .set({ role: invitation.role })
          .where('project_id', '=', invitation.project_id)
          .where('reviewer', '=', account.username)
          .execute();
    }
    const used = await trx
      .updateTable('invitation')
      .set({ accepted_by: account.username, accepted_at: now })
      .where('token_hash', '=', invitation.token_hash)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1)
      throw new TwowayError({ code: 'E_CONFLICT', message: 'this invitation was used a moment ago' });
    return { accountId, projectId: invitation.project_id };
  }).catch(async (error: unknown) => {
    if (!(error instanceof TwowayError) || !takenUsernames.has(error)) throw error;
    // a taken username: counted on the link, after the failed transaction
    await store.db
      .updateTable('invitation')
      .set((e) => ({ failed_accepts: e('failed_accepts', '+', 1) }))
      .where('token_hash', '=', tokenHash(token))
      .where('accepted_at', 'is', null)
      .execute();
    const row = await store.db
      .selectFrom('invitation')
      .select('failed_accepts')
      .where('token_hash', '=', tokenHash(token))
      .executeTakeFirst();
    const left = MAX_FAILED_ACCEPTS - (row?.failed_accepts ?? MAX_FAILED_ACCEPTS);
    throw new TwowayError({
      code: 'E_CONFLICT',
      message:
        left > 0
          ? `${error.message}: choose another (this link takes ${left} more ${left === 1 ? 'try' : 'tries'})`
          : `${error.message}; this link is now used up: ask for a new one`,
    });
  });
  return { account: await getAccount(store, result.accountId), projectId: result.projectId };
}
