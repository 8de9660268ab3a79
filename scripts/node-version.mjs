// The Node.js version rule, in plain JavaScript that any Node runs (see require-node.mjs).

/**
 * The version a range of package.json's "engines" asks for at least (">=22.12" → [22, 12]), or undefined.
 * @param {string | undefined} range
 * @returns {[number, number] | undefined}
 */
export function minimumNode(range) {
  const m = /^>=\s*(\d+)\.(\d+)/.exec(range ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * Whether a Node.js version ("20.20.2") is older than the range asks for.
 * @param {string} version
 * @param {string | undefined} range
 */
export function nodeTooOld(version, range) {
  const wanted = minimumNode(range);
  if (!wanted) return false;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major < wanted[0] || (major === wanted[0] && minor < wanted[1]);
}
