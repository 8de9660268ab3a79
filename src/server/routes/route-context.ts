import type { MeshVocabulary } from '../../domain/mesh/vocabulary.js';
import type { Searcher } from '../../store/jobs/searcher.js';
import type { Store } from '../../store/open-store.js';
import type { JobBoard } from '../jobs.js';
import type { Retrainer } from '../retrainer.js';

/** What every group of routes is built with. */
export interface RouteContext {
  store: Store;
  jobs: JobBoard;
  /** Retrains prioritisation models off the request path after decisions. */
  retrainer: Retrainer;
  /** Cookies only over HTTPS (set when Twoway runs behind TLS). */
  secureCookies: boolean;
  /** @fastify/rate-limit settings of the sign-in route. */
  loginLimit: { max: number; timeWindow: number };
  /** Sign-in attempts allowed from one address, whatever the usernames tried. */
  loginLimitPerAddress: { max: number; timeWindow: number };
  /** Runs searches in a worker thread, off the thread that serves requests. */
  searcher: Searcher;
  /** The MeSH vocabulary, loaded on first use. */
  mesh: () => Promise<MeshVocabulary>;
  /** Where uploads are kept while they are imported. */
  uploadDir: string;
  /** Largest file accepted by upload, in bytes. */
  maxUploadBytes: number;
}
