// Page-level pieces: the header every console page opens with, and the line shown while data loads.
import type { ReactNode } from 'react';

/** A page's title (its h1) over a one-paragraph description, with optional actions on the right. */
export function PageHeader({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">{children}</p>
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </header>
  );
}

/** The line shown while data loads. */
export function Loading({ className = '' }: { className?: string }) {
  return <p className={`text-sm text-slate-500 ${className}`}>Loading…</p>;
}
