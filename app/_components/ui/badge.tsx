// Badge primitive: a small coloured label for states, callers and verdicts.
import type { ReactNode } from 'react';

/** Colour of a badge. */
export type BadgeTone = 'slate' | 'sky' | 'green' | 'amber' | 'red' | 'violet';

const TONES: Record<BadgeTone, string> = {
  slate:
    'bg-slate-100 text-slate-700 ring-slate-300/60 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600/60',
  sky: 'bg-sky-50 text-sky-800 ring-sky-300/70 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-700/60',
  green:
    'bg-emerald-50 text-emerald-800 ring-emerald-300/70 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-700/60',
  amber:
    'bg-amber-50 text-amber-800 ring-amber-300/70 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-700/60',
  red: 'bg-red-50 text-red-800 ring-red-300/70 dark:bg-red-950 dark:text-red-200 dark:ring-red-700/60',
  violet:
    'bg-violet-50 text-violet-800 ring-violet-300/70 dark:bg-violet-950 dark:text-violet-200 dark:ring-violet-700/60',
};

/** A small coloured label. */
export function Badge({
  tone = 'slate',
  children,
  className = '',
  title,
}: {
  tone?: BadgeTone;
  children: ReactNode;
  className?: string;
  title?: string;
}) {
  return (
    <span
      title={title}
      className={`inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]} ${className}`}
    >
      {children}
    </span>
  );
}

/** The badge tone of a status word (ok/pass/healthy green, warn/degraded amber, error/fail red). */
export function toneOf(status: string): BadgeTone {
  const s = status.toLowerCase();
  if (['ok', 'pass', 'healthy', 'connected', 'online', 'success'].includes(s)) return 'green';
  if (
    ['warn', 'warning', 'degraded', 'partial', 'reconnecting', 'connecting', 'silent'].includes(s)
  ) {
    return 'amber';
  }
  if (['error', 'fail', 'failed', 'offline', 'closed', 'unknown_error'].includes(s)) return 'red';
  return 'slate';
}
