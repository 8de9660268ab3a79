import { useParams } from 'react-router';
import { api, type Project } from './api.js';
import { useLoad, type Loaded } from './use-load.js';

/** The project of the page's address, loaded with its protocol, members and the signed-in account's role. */
export function useProject(): Loaded<Project> & { projectId: number } {
  const projectId = Number(useParams().projectId);
  return { projectId, ...useLoad(() => api.get<Project>(`/projects/${projectId}`), [projectId]) };
}
