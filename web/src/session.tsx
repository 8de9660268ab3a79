import { createContext, useContext } from 'react';
import type { Account } from './api.js';

export interface SessionState {
  account: Account | undefined;
  signedIn: (session: { account: Account; csrfToken: string }) => void;
  signedOut: () => void;
}

export const SessionContext = createContext<SessionState>({
  account: undefined,
  signedIn: () => {},
  signedOut: () => {},
});

export const useSession = (): SessionState => useContext(SessionContext);
