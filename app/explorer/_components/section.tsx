// A titled section of the explorer's panels (small uppercase heading, labelled by its id).
import type { ReactNode } from 'react';

/** A section with a small heading; `id` names the heading for aria-labelledby. */
export function PanelSection({
  id,
  title,
  children,
}: {
  id: string;
  title: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="space-y-1.5">
      <h3 id={id} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {title}
      </h3>
      {children}
    </section>
  );
}
