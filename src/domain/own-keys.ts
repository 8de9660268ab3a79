/**
 * Keys that come from the files people import (column names, field names, tags, macro names, entity names)
 * are never looked up in or written to a plain object: `constructor`, `toString` or `__proto__` would find
 * Object.prototype's members (a CSV column named "constructor" crashed the record builder). Lookups go
 * through ownValue; maps keyed by input are made with emptyDictionary, which has no prototype.
 */

/**
 * The value a table holds under `key` itself, never one inherited from Object.prototype.
 * @example ownValue({ jan: '1' }, 'constructor') // undefined
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * An empty object for keys read from input: it has no prototype, so every key is an ordinary own key.
 * @example emptyDictionary<number>()['__proto__'] = 1 // an own key named "__proto__"
 */
export function emptyDictionary<T>(entries: Readonly<Record<string, T>> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
