import type { EngineName, StoreEngine } from './engine.js';
import { postgresEngine } from './postgres/postgres-engine.js';
import { sqliteEngine } from './sqlite/sqlite-engine.js';

/** The engine of a name, without a connection of its own (what migrations and tests need). */
export function engineNamed(name: EngineName): StoreEngine {
  return name === 'sqlite' ? sqliteEngine() : postgresEngine;
}
