// Table kit: a horizontally scrolling table region and column header cells with a table's base class.
import type { ReactNode } from 'react';

/** A column header cell: `scope="col"`, the table's base class, and the cell's own `className`. */
export type HeaderCell = (props: { className?: string; children?: ReactNode }) => ReactNode;

/** The header cell of a table whose column headers all share the class `base`. */
export function headerCell(base: string): HeaderCell {
  return function Th({ className = '', children }) {
    return (
      <th scope="col" className={`${base} ${className}`}>
        {children}
      </th>
    );
  };
}

/**
 * A table that scrolls sideways in a labelled region, focusable so that the keyboard scrolls it too;
 * `caption` names the table for screen readers.
 */
export function ScrollTable({
  label,
  caption,
  children,
}: {
  label: string;
  caption?: string;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto" role="region" aria-label={label} tabIndex={0}>
      <table className="min-w-full text-left text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}
