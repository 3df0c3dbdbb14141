// The explorer's topic tree in the browser (pure): applies server batches, keeps subtree totals, lists visible rows.
import type { TopicTreeTotals, TopicUpdate } from '../../_trpc/types';

/** One level of the topic hierarchy; `topic` is set when a message arrived on exactly this path. */
export interface TreeNode {
  name: string;
  /** Full topic path of this node (levels joined by `/`). */
  path: string;
  depth: number;
  parent?: TreeNode;
  children: Map<string, TreeNode>;
  topic?: TopicUpdate;
  /** Messages in this subtree. */
  count: number;
  /** Messages per second in this subtree. */
  rate: number;
  /** Topics in this subtree. */
  topics: number;
  /** Children sorted by name; rebuilt after a child is added. */
  sorted?: TreeNode[];
}

/** A row of the rendered tree: a node, or a "more" row standing for children beyond the limit. */
export type TreeRow =
  | { kind: 'node'; node: TreeNode; expanded: boolean; position: number; setSize: number }
  | { kind: 'more'; parent: TreeNode; depth: number; hidden: number };

/** Children rendered per node before a "more" row. */
export const CHILDREN_SHOWN = 200;

const collator = new Intl.Collator('en', { numeric: true });

function blank(name: string, path: string, depth: number, parent?: TreeNode): TreeNode {
  return { name, path, depth, parent, children: new Map(), count: 0, rate: 0, topics: 0 };
}

/** The topic tree of one explorer watch, updated in place; `version` grows on every change. */
export class TopicTreeModel {
  root: TreeNode = blank('', '', -1);
  totals?: TopicTreeTotals;
  version = 0;
  private readonly byPath = new Map<string, TreeNode>();
  /** Forgotten topics and their message count then: they return only with a new message. */
  private readonly gone = new Map<string, number>();

  /** Forgets everything (a new snapshot follows). */
  reset(): void {
    this.root = blank('', '', -1);
    this.byPath.clear();
    this.gone.clear();
    this.totals = undefined;
    this.version++;
  }

  /** The node of a topic path, if known. */
  node(path: string): TreeNode | undefined {
    return this.byPath.get(path);
  }

  /** Number of topics known. */
  get topicCount(): number {
    return this.root.topics;
  }

  /** Applies absolute topic states (from a snapshot or a batch), updating subtree totals. */
  apply(updates: readonly TopicUpdate[], totals?: TopicTreeTotals): void {
    for (const u of updates) this.applyOne(u);
    if (totals) this.totals = totals;
    this.version++;
  }

  private applyOne(u: TopicUpdate): void {
    const goneAt = this.gone.get(u.topic);
    if (goneAt !== undefined) {
      if (u.count <= goneAt) return;
      this.gone.delete(u.topic);
    }
    let node = this.byPath.get(u.topic);
    if (!node) node = this.create(u.topic);
    const dCount = u.count - (node.topic?.count ?? 0);
    const dRate = u.rate - (node.topic?.rate ?? 0);
    const dTopics = node.topic ? 0 : 1;
    node.topic = u;
    for (let n: TreeNode | undefined = node; n; n = n.parent) {
      n.count += dCount;
      n.rate = Math.max(0, n.rate + dRate);
      n.topics += dTopics;
    }
  }

  private create(topic: string): TreeNode {
    const levels = topic.split('/');
    let parent = this.root;
    let path = '';
    levels.forEach((level, i) => {
      path = i === 0 ? level : `${path}/${level}`;
      let child = parent.children.get(level);
      if (!child) {
        child = blank(level, path, i, parent);
        parent.children.set(level, child);
        parent.sorted = undefined;
        this.byPath.set(path, child);
      }
      parent = child;
    });
    return parent;
  }

  /**
   * Drops a topic (its retained value was cleared) and the ancestors left empty; it comes back
   * with its next message (traffic, or a restore).
   */
  forget(topic: string): void {
    const node = this.byPath.get(topic);
    if (!node?.topic) return;
    const { count, rate } = node.topic;
    this.gone.set(topic, count);
    for (let n: TreeNode | undefined = node; n; n = n.parent) {
      n.count -= count;
      n.rate = Math.max(0, n.rate - rate);
      n.topics -= 1;
    }
    node.topic = undefined;
    for (let n = node; n.parent && !n.topic && n.children.size === 0; n = n.parent) {
      n.parent.children.delete(n.name);
      n.parent.sorted = undefined;
      this.byPath.delete(n.path);
    }
    this.version++;
  }

  /** Children of a node sorted by name (numbers in names compared as numbers). */
  children(node: TreeNode): TreeNode[] {
    node.sorted ??= [...node.children.values()].sort((a, b) => collator.compare(a.name, b.name));
    return node.sorted;
  }

  /**
   * Rows of the tree with these paths expanded; `shown` raises the per-node child limit. With
   * `only`, just those topics and their ancestors, all expanded (a search filtering the tree).
   */
  rows(
    expanded: ReadonlySet<string>,
    shown: ReadonlyMap<string, number> = new Map(),
    only?: ReadonlySet<string>,
  ): TreeRow[] {
    const out: TreeRow[] = [];
    const kept = only ? this.withAncestors(only) : undefined;
    const walk = (node: TreeNode) => {
      const all = this.children(node);
      const kids = kept ? all.filter((c) => kept.has(c.path)) : all;
      const limit = shown.get(node.path) ?? CHILDREN_SHOWN;
      const visible = kids.length > limit ? kids.slice(0, limit) : kids;
      visible.forEach((child, i) => {
        const open = child.children.size > 0 && (kept !== undefined || expanded.has(child.path));
        out.push({
          kind: 'node',
          node: child,
          expanded: open,
          position: i + 1,
          setSize: kids.length,
        });
        if (open) walk(child);
      });
      if (kids.length > limit) {
        out.push({
          kind: 'more',
          parent: node,
          depth: node.depth + 1,
          hidden: kids.length - limit,
        });
      }
    };
    walk(this.root);
    return out;
  }

  private withAncestors(topics: ReadonlySet<string>): Set<string> {
    const out = new Set<string>();
    for (const t of topics) {
      out.add(t);
      for (const a of this.ancestors(t)) out.add(a);
    }
    return out;
  }

  /** Paths of the ancestors of a topic path (to expand them). */
  ancestors(path: string): string[] {
    const levels = path.split('/');
    return levels.slice(0, -1).map((_, i) => levels.slice(0, i + 1).join('/'));
  }

  /** The busiest topics under a node, by rate then count. */
  topTalkers(node: TreeNode, n = 5): TopicUpdate[] {
    const all: TopicUpdate[] = [];
    const walk = (x: TreeNode) => {
      if (x.topic) all.push(x.topic);
      for (const c of x.children.values()) walk(c);
    };
    walk(node);
    return all.sort((a, b) => b.rate - a.rate || b.count - a.count).slice(0, n);
  }
}
