'use client';
// One copy-paste client configuration: title, where it goes, the text and a Copy button.
import type { Snippet } from './snippets';
import { Badge } from '../../_components/ui/badge';
import { CopyButton } from '../../_components/ui/copy-button';

/** A configuration snippet: `snippet.text` is displayed (token masked), `copy` is what is copied. */
export function SetupSnippet({ snippet, copy }: { snippet: Snippet; copy: string }) {
  const titleId = `snippet-${snippet.id}`;
  return (
    <section
      aria-labelledby={titleId}
      className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2.5 dark:border-slate-800">
        <h3 id={titleId} className="text-sm font-semibold">
          {snippet.title}
        </h3>
        <Badge tone={snippet.transport === 'http' ? 'violet' : 'green'}>
          {snippet.transport === 'http' ? 'Streamable HTTP' : 'stdio'}
        </Badge>
        <span className="ml-auto">
          <CopyButton text={copy} label="Copy" />
        </span>
      </header>
      <div className="space-y-2 px-4 py-3">
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Goes into: <span className="font-mono">{snippet.target}</span>
        </p>
        <pre
          aria-label={`${snippet.title} configuration`}
          className="whitespace-pre-wrap rounded-md bg-slate-950 p-3 font-mono text-xs leading-relaxed text-slate-100 [overflow-wrap:anywhere] dark:bg-black/40"
        >
          {snippet.text}
        </pre>
        {snippet.note && (
          <p className="text-xs text-slate-500 dark:text-slate-400">{snippet.note}</p>
        )}
      </div>
    </section>
  );
}
