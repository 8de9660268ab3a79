import { TwowayError } from '../errors.js';

/**
 * The team's tags on records ("RCT", "ask Ana"): a name of its own, compared without regard to case, width or
 * spacing, so that "rct" and "RCT " are one tag.
 */

/** The longest tag name, in characters. */
export const TAG_MAX_LENGTH = 40;

/**
 * A tag name as stored, and the key it is compared by; refused (E_USAGE) when empty, too long or holding
 * control characters.
 * @example tagName('  Ask   Ana ') // { name: 'Ask Ana', key: 'ask ana' }
 */
export function tagName(text: string): { name: string; key: string } {
  const name = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (!name) throw new TwowayError({ code: 'E_USAGE', message: 'a tag needs a name' });
  if ([...name].length > TAG_MAX_LENGTH)
    throw new TwowayError({
      code: 'E_USAGE',
      message: `a tag name has at most ${TAG_MAX_LENGTH} characters ("${name.slice(0, 20)}…" has ${[...name].length})`,
    });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name))
    throw new TwowayError({ code: 'E_USAGE', message: 'a tag name may not hold control characters' });
  return { name, key: name.toLocaleLowerCase('en') };
}
