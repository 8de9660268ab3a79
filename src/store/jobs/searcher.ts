import type { Store } from '../open-store.js';
import type { SearchOptions, SearchResult } from '../repositories/search-store.js';
import { RequestWorker } from '../workers/request-worker.js';

export interface SearchRequest {
  projectId: number;
  query: string;
  options: Omit<SearchOptions, 'mesh'>;
}

/**
 * Runs searches in a worker thread (search-worker.ts) with its own connection and MeSH vocabulary: a search of
 * 100,000 records takes tens of milliseconds of SQLite's time, which on the thread that serves the API would
 * hold every other request (a reviewer's next record) behind it. Searches run one at a time, in the order asked.
 */
export class Searcher {
  private readonly worker: RequestWorker<SearchRequest, SearchResult>;

  constructor(store: Store, meshPath?: string) {
    this.worker = new RequestWorker(
      new URL('./search-worker', import.meta.url),
      { location: store.location, ...(meshPath ? { meshPath } : {}) },
      'search',
    );
  }

  search(projectId: number, query: string, options: SearchRequest['options'] = {}): Promise<SearchResult> {
    return this.worker.ask({ projectId, query, options });
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
