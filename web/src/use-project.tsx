import { createContext, useContext, type ReactNode } from 'react';
import { useLocation, useParams } from 'react-router';
import { api, type Project } from './api.js';
import { useLoad, type Loaded } from './use-load.js';

type ProjectState = Loaded<Project> & { projectId: number };

const ProjectContext = createContext<ProjectState | undefined>(undefined);

/**
 * Loads the project of the page's address once for everything inside (the tabs and the page, which loaded it
 * each on its own before): its protocol, members and the signed-in account's role.
 */
export function ProjectProvider({ children }: { children: ReactNode }) {
  const projectId = Number(useParams().projectId);
  // read again on every page change, as each page did when it loaded the project itself
  const { pathname } = useLocation();
  const loaded = useLoad(() => api.get<Project>(`/projects/${projectId}`), [projectId, pathname]);
  return <ProjectContext.Provider value={{ projectId, ...loaded }}>{children}</ProjectContext.Provider>;
}

/** The project the ProjectProvider above loaded; `reload` after changing it. */
export function useProject(): ProjectState {
  const state = useContext(ProjectContext);
  if (!state) throw new Error('useProject is used inside a ProjectProvider only');
  return state;
}
