/**
 * The search worker thread (see searcher.ts): one connection to the store and its own MeSH vocabulary; runs
 * one search at a time.
 */
import { workerData } from 'node:worker_threads';
import type { MeshVocabulary } from '../../domain/mesh/vocabulary.js';
import { loadMesh } from '../mesh-data.js';
import { searchProject } from '../repositories/search-store.js';
import { serveRequests } from '../workers/request-worker.js';
import type { SearchRequest } from './searcher.js';

const { meshPath } = workerData as { meshPath?: string };
let mesh: Promise<MeshVocabulary> | undefined;

serveRequests(async (store, { projectId, query, options }: SearchRequest) =>
  searchProject(store, projectId, query, { ...options, mesh: await (mesh ??= loadMesh(meshPath)) }),
);
