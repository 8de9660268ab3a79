import type { ReactNode } from 'react';
import { ApiError } from './api.js';

/** An error from the API or the network, as a page shows it. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const text =
    error instanceof ApiError
      ? `${error.message} (${error.code})`
      : String((error as Error).message ?? error);
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="muted">Loading {what}…</p>;
}

export function Page({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="page">
      <header className="page-head">
        <h1>{title}</h1>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** Text with words highlighted: the words are matched as whole words, case-insensitively; nothing is HTML. */
export function Highlighted({
  text,
  include = [],
  exclude = [],
}: {
  text: string;
  include?: string[];
  exclude?: string[];
}) {
  const words = [
    ...include.map((w) => [w, 'hl-include'] as const),
    ...exclude.map((w) => [w, 'hl-exclude'] as const),
  ].filter(([w]) => w.trim());
  if (words.length === 0) return <>{text}</>;
  const escaped = words.map(([w]) => w.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // whole words in any script: no letter or digit right before or after (\b knows only ASCII letters)
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const classOf = new Map(words.map(([w, c]) => [w.trim().toLowerCase(), c]));
  return (
    <>
      {text.split(pattern).map((part, i) =>
        i % 2 === 1 ? (
          <mark key={i} className={classOf.get(part.toLowerCase()) ?? 'hl-include'}>
            {part}
          </mark>
        ) : (
          part
        ),
      )}
    </>
  );
}
