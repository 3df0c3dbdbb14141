// Broker figures from `$SYS/broker/#`: the latest value per topic, and the well-known fields parsed (pure).

/** The filter under which brokers such as Mosquitto publish their own figures. */
export const SYS_FILTER = '$SYS/broker/#';

const SYS_PREFIX = '$SYS/broker/';
const LOAD_PREFIX = `${SYS_PREFIX}load/`;

/** Well-known broker figures parsed from `$SYS`; absent fields were not published. */
export interface BrokerFigures {
  version?: string;
  uptime_seconds?: number;
  clients_connected?: number;
  clients_total?: number;
  clients_maximum?: number;
  messages_received?: number;
  messages_sent?: number;
  bytes_received?: number;
  bytes_sent?: number;
  subscriptions?: number;
  retained_messages?: number;
  heap_current_bytes?: number;
  /** `$SYS/broker/load/...` moving averages, keyed by the path after `load/` (per minute). */
  load: Record<string, number>;
}

const NUMERIC_FIELDS: Array<[Exclude<keyof BrokerFigures, 'version' | 'load'>, string[]]> = [
  ['uptime_seconds', ['uptime']],
  ['clients_connected', ['clients/connected', 'clients/active']],
  ['clients_total', ['clients/total']],
  ['clients_maximum', ['clients/maximum']],
  ['messages_received', ['messages/received']],
  ['messages_sent', ['messages/sent']],
  ['bytes_received', ['bytes/received']],
  ['bytes_sent', ['bytes/sent']],
  ['subscriptions', ['subscriptions/count']],
  ['retained_messages', ['retained messages/count']],
  ['heap_current_bytes', ['heap/current', 'heap/current size']],
];

/** True when the topic is a broker figure under `$SYS/broker/`. */
export function isBrokerSysTopic(topic: string): boolean {
  return topic.startsWith(SYS_PREFIX);
}

/** The leading number of a figure such as `"1234 seconds"` or `"12.5"`; undefined otherwise. */
export function leadingNumber(text: string): number | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)/i.exec(text);
  if (!match?.[1]) return undefined;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : undefined;
}

/** Parses the well-known fields out of `$SYS` values (topic → latest text). */
export function parseBrokerFigures(values: ReadonlyMap<string, string>): BrokerFigures {
  const figures: BrokerFigures = { load: {} };
  const version = values.get(`${SYS_PREFIX}version`);
  if (version !== undefined) figures.version = version.trim();
  for (const [field, suffixes] of NUMERIC_FIELDS) {
    for (const suffix of suffixes) {
      const text = values.get(`${SYS_PREFIX}${suffix}`);
      const value = text === undefined ? undefined : leadingNumber(text);
      if (value !== undefined) {
        figures[field] = value;
        break;
      }
    }
  }
  const load = [...values].filter(([topic]) => topic.startsWith(LOAD_PREFIX));
  load.sort((a, b) => a[0].localeCompare(b[0]));
  for (const [topic, text] of load) {
    const value = leadingNumber(text);
    if (value !== undefined) figures.load[topic.slice(LOAD_PREFIX.length)] = value;
  }
  return figures;
}

/**
 * Keeps the latest text of each `$SYS/broker/` topic, cut to `maxValueChars`, for at most
 * `maxTopics` topics (later new topics are counted, not kept).
 */
export class SysValues {
  readonly values = new Map<string, string>();
  private dropped = new Set<string>();

  constructor(
    private readonly maxTopics = 500,
    private readonly maxValueChars = 200,
  ) {}

  /** Records one value; ignores topics outside `$SYS/broker/`. */
  record(topic: string, text: string): void {
    if (!isBrokerSysTopic(topic)) return;
    if (!this.values.has(topic) && this.values.size >= this.maxTopics) {
      this.dropped.add(topic);
      return;
    }
    this.values.set(
      topic,
      text.length > this.maxValueChars ? text.slice(0, this.maxValueChars) : text,
    );
  }

  /** Number of distinct topics seen but not kept. */
  get droppedCount(): number {
    return this.dropped.size;
  }

  /** The first `limit` values in topic order, and how many were left out. */
  listed(limit: number): { figures: Record<string, string>; not_listed: number } {
    const sorted = [...this.values].sort((a, b) => a[0].localeCompare(b[0]));
    return {
      figures: Object.fromEntries(sorted.slice(0, limit)),
      not_listed: Math.max(0, sorted.length - limit) + this.dropped.size,
    };
  }
}

/** Broker figures as a tool reports them: parsed fields, raw values, and why none came. */
export interface BrokerFiguresReport extends BrokerFigures {
  available: boolean;
  figures: Record<string, string>;
  figures_not_listed: number;
  note?: string;
}

/**
 * The figures of a `$SYS` read: the parsed fields, the first `limit` raw values, and a note
 * giving the subscription error, or `missing` when nothing came.
 */
export function brokerFiguresReport(
  sys: SysValues,
  limit: number,
  why: { error?: string; missing: string },
): BrokerFiguresReport {
  const listed = sys.listed(limit);
  const available = sys.values.size > 0;
  return {
    available,
    ...parseBrokerFigures(sys.values),
    figures: listed.figures,
    figures_not_listed: listed.not_listed,
    note: why.error ? `no broker figures: ${why.error}` : available ? undefined : why.missing,
  };
}
