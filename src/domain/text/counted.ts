/**
 * A count with its noun, singular for one and plural otherwise, as the CLI and the pages print them.
 * @example counted(1, 'record') // '1 record'
 * @example counted(3, 'search', 'searches') // '3 searches'
 */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
