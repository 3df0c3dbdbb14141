// Card primitive: a bordered panel with an optional header (title, actions).
import type { ReactNode } from 'react';

/** A bordered panel; `title` and `actions` make a header row. */
export function Card({
  title,
  actions,
  children,
  className = '',
  bodyClassName = 'p-4',
  as: Tag = 'section',
  labelledBy,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  bodyClassName?: string;
  as?: 'section' | 'div';
  labelledBy?: string;
}) {
  return (
    <Tag
      aria-labelledby={labelledBy}
      className={`min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900 ${className}`}
    >
      {(title || actions) && (
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-2.5 dark:border-slate-800">
          {title && (
            <h2
              id={labelledBy}
              className="text-sm font-semibold text-slate-800 dark:text-slate-100"
            >
              {title}
            </h2>
          )}
          {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className={bodyClassName}>{children}</div>
    </Tag>
  );
}
