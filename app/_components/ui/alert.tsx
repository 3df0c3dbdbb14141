// Alert and status primitives: an error box (role="alert") and a success/info note (role="status").
import type { ReactNode } from 'react';

/** An error message, announced to assistive technology; renders nothing without a message. */
export function ErrorAlert({
  message,
  className = '',
}: {
  message?: ReactNode;
  className?: string;
}) {
  if (!message) return null;
  return (
    <div
      role="alert"
      className={`rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm break-words text-red-800 dark:border-red-800 dark:bg-red-950/60 dark:text-red-200 ${className}`}
    >
      {message}
    </div>
  );
}

/** A success or information note, announced politely. */
export function StatusNote({
  children,
  tone = 'success',
  className = '',
}: {
  children: ReactNode;
  tone?: 'success' | 'info';
  className?: string;
}) {
  const colours =
    tone === 'success'
      ? 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-100'
      : 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950/60 dark:text-sky-100';
  return (
    <div
      role="status"
      className={`rounded-md border px-3 py-2 text-sm break-words ${colours} ${className}`}
    >
      {children}
    </div>
  );
}
