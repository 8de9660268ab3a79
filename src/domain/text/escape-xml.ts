/**
 * Escapes text for XML and HTML content and attributes; drops characters XML 1.0 cannot hold.
 * @example escapeXml('<script>"x"') // '&lt;script&gt;&quot;x&quot;'
 */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
  );
}
