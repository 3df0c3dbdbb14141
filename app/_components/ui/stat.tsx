// Stat tile: a small caption over one large figure, with an optional hint line.
const SIZES = {
  md: {
    box: 'rounded-md px-3 py-2',
    value: 'text-lg',
  },
  lg: {
    box: 'rounded-lg px-3 py-2.5 shadow-sm',
    value: 'truncate text-xl',
  },
};

/** One figure with its caption; `lg` for a page's headline figures. */
export function StatTile({
  label,
  value,
  hint,
  size = 'md',
}: {
  label: string;
  value: string;
  hint?: string;
  size?: keyof typeof SIZES;
}) {
  const classes = SIZES[size];
  return (
    <div
      className={`min-w-0 border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900 ${classes.box}`}
    >
      <div className="truncate text-[11px] font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">
        {label}
      </div>
      <div className={`mt-0.5 font-semibold tabular-nums ${classes.value}`}>{value}</div>
      {hint && <div className="truncate text-xs text-slate-500 dark:text-slate-400">{hint}</div>}
    </div>
  );
}
