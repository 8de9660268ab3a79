/**
 * The noun for a count: singular for one, plural otherwise.
 * @example noun(2, 'record') // 'records'
 */
export function noun(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

/**
 * A count with its noun, as the CLI and the pages print them.
 * @example counted(1, 'record') // '1 record'
 * @example counted(3, 'search', 'searches') // '3 searches'
 */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${noun(n, singular, plural)}`;
}
