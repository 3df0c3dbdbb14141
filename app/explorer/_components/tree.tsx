'use client';
// The live topic tree: a virtualised ARIA tree (only rows in view are in the DOM), keyboard-driven.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatCount, formatRate } from './format';
import type { TopicTreeModel, TreeNode, TreeRow } from './tree-model';

/** Height of one row in pixels (rows are fixed-height for virtualisation). */
const ROW = 30;
const OVERSCAN = 12;

interface TreeProps {
  model: TopicTreeModel;
  /** Changes whenever the model was updated. */
  version: number;
  expanded: ReadonlySet<string>;
  shown: ReadonlyMap<string, number>;
  /** When set, only these topics (and their ancestors) are shown. */
  only?: ReadonlySet<string>;
  selected?: string;
  onSelect(path: string): void;
  onExpand(path: string, open: boolean): void;
  onShowMore(parentPath: string): void;
}

function rowKey(row: TreeRow): string {
  return row.kind === 'node' ? `n:${row.node.path}` : `m:${row.parent.path}`;
}

function NodeRow({
  row,
  selected,
  focused,
  onClick,
  onChevron,
  refCb,
}: {
  row: Extract<TreeRow, { kind: 'node' }>;
  selected: boolean;
  focused: boolean;
  onClick(): void;
  onChevron(): void;
  refCb(el: HTMLDivElement | null): void;
}) {
  const { node, expanded } = row;
  const inner = node.children.size > 0;
  const t = node.topic;
  return (
    <div
      ref={refCb}
      role="treeitem"
      aria-level={node.depth + 1}
      aria-setsize={row.setSize}
      aria-posinset={row.position}
      aria-expanded={inner ? expanded : undefined}
      aria-selected={selected}
      tabIndex={focused ? 0 : -1}
      onClick={onClick}
      style={{ paddingLeft: `${node.depth * 14 + 4}px`, height: ROW }}
      className={`flex w-full cursor-pointer items-center gap-1.5 pr-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-sky-500 ${
        selected
          ? 'bg-sky-100 text-sky-950 dark:bg-sky-900/50 dark:text-sky-50'
          : 'hover:bg-slate-100 dark:hover:bg-slate-800/70'
      }`}
    >
      <span
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          if (inner) onChevron();
        }}
        className="flex w-4 shrink-0 justify-center text-[10px] text-slate-400"
      >
        {inner ? (expanded ? '▼' : '▶') : ''}
      </span>
      <span className="shrink-0 truncate font-mono text-[13px] sm:max-w-[55%]">
        {node.name === '' ? <em className="text-slate-400">(empty)</em> : node.name}
      </span>
      {t?.retained && (
        <span
          title="Retained"
          className="shrink-0 rounded bg-violet-100 px-1 text-[10px] font-semibold text-violet-800 dark:bg-violet-950 dark:text-violet-200"
        >
          R<span className="sr-only">etained</span>
        </span>
      )}
      <span className="min-w-0 flex-1 truncate font-mono text-xs text-slate-500 dark:text-slate-400">
        {t ? (
          <>
            <span className="sr-only"> value </span>
            {t.payload_format === 'binary' && (
              <span className="mr-1 rounded bg-slate-200 px-1 font-sans text-[10px] text-slate-600 dark:bg-slate-700 dark:text-slate-300">
                base64
              </span>
            )}
            {t.preview}
          </>
        ) : (
          <span className="font-sans">
            {formatCount(node.topics)} topic{node.topics === 1 ? '' : 's'}
          </span>
        )}
      </span>
      <span className="shrink-0 text-right text-xs tabular-nums text-slate-700 dark:text-slate-300">
        {formatCount(node.count)}
        <span className="sr-only"> message{node.count === 1 ? '' : 's'}</span>
      </span>
      <span className="hidden w-14 shrink-0 text-right text-xs tabular-nums text-slate-500 sm:inline dark:text-slate-400">
        {node.rate > 0 ? formatRate(node.rate) : ''}
      </span>
    </div>
  );
}

/** The tree of topics; parents show the totals of their subtree. */
export function ExplorerTree(props: TreeProps) {
  const { model, version, expanded, shown, only, selected, onSelect, onExpand, onShowMore } = props;
  // `version` is the signal that the mutable model changed.
  const rows = useMemo(() => {
    void version;
    return model.rows(expanded, shown, only);
  }, [model, version, expanded, shown, only]);
  const scroller = useRef<HTMLDivElement>(null);
  const elements = useRef(new Map<string, HTMLDivElement>());
  const [view, setView] = useState({ top: 0, height: 600 });
  const [focusKey, setFocusKey] = useState<string>();
  const pendingFocus = useRef(false);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const index = new Map(rows.map((r, i) => [rowKey(r), i]));
  const selectedKey = selected !== undefined ? `n:${selected}` : undefined;
  const activeKey =
    focusKey && index.has(focusKey)
      ? focusKey
      : selectedKey && index.has(selectedKey)
        ? selectedKey
        : rows[0]
          ? rowKey(rows[0])
          : undefined;
  const activeIndex = activeKey ? (index.get(activeKey) ?? 0) : 0;

  useEffect(() => {
    if (!pendingFocus.current || !activeKey) return;
    pendingFocus.current = false;
    elements.current.get(activeKey)?.focus({ preventScroll: true });
  });

  const moveTo = (i: number) => {
    const target = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (!target) return;
    const el = scroller.current;
    const at = (index.get(rowKey(target)) ?? 0) * ROW;
    if (el) {
      if (at < el.scrollTop) el.scrollTop = at;
      else if (at + ROW > el.scrollTop + el.clientHeight) el.scrollTop = at + ROW - el.clientHeight;
    }
    pendingFocus.current = true;
    setFocusKey(rowKey(target));
  };

  const activate = (row: TreeRow) => {
    if (row.kind === 'more') {
      onShowMore(row.parent.path);
      return;
    }
    setFocusKey(rowKey(row));
    onSelect(row.node.path);
    const inner = row.node.children.size > 0;
    if (inner && !row.expanded) onExpand(row.node.path, true);
    else if (inner && row.expanded && selected === row.node.path) onExpand(row.node.path, false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const row = rows[activeIndex];
    if (!row) return;
    const handled = () => e.preventDefault();
    switch (e.key) {
      case 'ArrowDown':
        handled();
        moveTo(activeIndex + 1);
        break;
      case 'ArrowUp':
        handled();
        moveTo(activeIndex - 1);
        break;
      case 'Home':
        handled();
        moveTo(0);
        break;
      case 'End':
        handled();
        moveTo(rows.length - 1);
        break;
      case 'PageDown':
        handled();
        moveTo(activeIndex + Math.floor(view.height / ROW));
        break;
      case 'PageUp':
        handled();
        moveTo(activeIndex - Math.floor(view.height / ROW));
        break;
      case 'ArrowRight':
        handled();
        if (row.kind === 'node' && row.node.children.size > 0) {
          if (!row.expanded) onExpand(row.node.path, true);
          else moveTo(activeIndex + 1);
        }
        break;
      case 'ArrowLeft': {
        handled();
        if (row.kind === 'node' && row.expanded) {
          onExpand(row.node.path, false);
          break;
        }
        const parent: TreeNode | undefined = row.kind === 'node' ? row.node.parent : row.parent;
        const parentIndex = parent ? index.get(`n:${parent.path}`) : undefined;
        if (parentIndex !== undefined) moveTo(parentIndex);
        break;
      }
      case 'Enter':
      case ' ':
        handled();
        activate(row);
        break;
      default:
    }
  };

  const first = Math.max(0, Math.floor(view.top / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((view.top + view.height) / ROW) + OVERSCAN);
  const rendered: number[] = [];
  for (let i = first; i < last; i++) rendered.push(i);
  // The focusable row stays in the DOM even when scrolled away, so Tab always reaches the tree.
  if (rows.length > 0 && (activeIndex < first || activeIndex >= last)) rendered.push(activeIndex);

  return (
    <div
      ref={scroller}
      onScroll={(e) =>
        setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })
      }
      className="relative max-h-[55vh] overflow-auto md:max-h-[calc(100vh-19rem)] md:min-h-64"
    >
      <div
        role="tree"
        aria-label="Topics"
        onKeyDown={onKeyDown}
        style={{ height: rows.length * ROW }}
        className="relative"
      >
        {rendered.map((i) => {
          const row = rows[i] as TreeRow;
          const key = rowKey(row);
          const refCb = (el: HTMLDivElement | null) => {
            if (el) elements.current.set(key, el);
            else elements.current.delete(key);
          };
          return (
            <div
              key={key}
              role="none"
              className="absolute inset-x-0"
              style={{ transform: `translateY(${i * ROW}px)` }}
            >
              {row.kind === 'node' ? (
                <NodeRow
                  row={row}
                  selected={selected === row.node.path}
                  focused={key === activeKey}
                  refCb={refCb}
                  onClick={() => activate(row)}
                  onChevron={() => onExpand(row.node.path, !row.expanded)}
                />
              ) : (
                <div
                  ref={refCb}
                  role="treeitem"
                  aria-level={row.depth + 1}
                  aria-selected={false}
                  tabIndex={key === activeKey ? 0 : -1}
                  onClick={() => activate(row)}
                  style={{ paddingLeft: `${row.depth * 14 + 26}px`, height: ROW }}
                  className="flex cursor-pointer items-center text-xs text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-sky-500 dark:text-sky-400"
                >
                  Show {formatCount(row.hidden)} more…
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
