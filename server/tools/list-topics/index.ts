// mqtt_list_topics: discovers topics under a filter for a window, merged with the session's inventory.
import { z } from 'zod';
import { isIdLevel } from '../../analysis/topic-patterns';
import { collect } from '../../mqtt/collector';
import { TopicStats } from '../../mqtt/topic-stats';
import { topicMatches, validateTopicFilter } from '../../mqtt/topics';
import { defineTool, TIMED_READ } from '../kit/define-tool';
import {
  detailArg,
  durationArg,
  sessionInput,
  topicPatternArg,
  windowOutput,
  windowResult,
} from '../kit/schemas';
import { ToolError } from '../../errors';
import { RetainedFlags, retainedFlagsSchema } from './retained-flags';

const SYS_FILTER = '$SYS/#';
const TOP_PATTERNS = 20;
/** Most distinct topics tracked for one window; messages on further topics are only counted. */
const MAX_WINDOW_TOPICS = 50_000;

/** Most distinct name levels (levels that are not ids) remembered during one call. */
const LEVEL_CACHE_LIMIT = 100_000;

/**
 * Hardening: generalizeTopic() (analysis/topic-patterns) with the levels found not to be ids
 * remembered, since name levels repeat across topics (`site/3/dev17/state`); 50,000 topics cost
 * about 0.5 s uncached, which is too much after a window that may only overrun by 1 s. Id levels
 * are mostly distinct, so they are tested each time rather than kept, and each distinct pattern
 * is one string however many topics share it.
 */
function patternMaker(): (topic: string) => string {
  const nameLevels = new Set<string>();
  const patterns = new Map<string, string>();
  return (topic) => {
    if (topic.startsWith('$')) return topic;
    if (nameLevels.size > LEVEL_CACHE_LIMIT) nameLevels.clear();
    const made = topic
      .split('/')
      .map((level) => {
        if (nameLevels.has(level)) return level;
        if (isIdLevel(level)) return '+';
        nameLevels.add(level);
        return level;
      })
      .join('/');
    const known = patterns.get(made);
    if (known !== undefined) return known;
    patterns.set(made, made);
    return made;
  };
}

/** A page cursor: the last topic of the page before, base64url-encoded (opaque to callers). */
function encodeCursor(topic: string): string {
  return Buffer.from(topic, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const topic = Buffer.from(cursor, 'base64url').toString('utf8');
  if (topic.length === 0 || encodeCursor(topic) !== cursor) {
    throw new ToolError('INVALID_INPUT', 'cursor: not a next_cursor of mqtt_list_topics', {
      argument: 'cursor',
    });
  }
  return topic;
}

/** Index of the first name after `topic` in the sorted list. */
function firstAfter(names: string[], topic: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((names[mid] as string) <= topic) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const topicSchema = z.object({
  topic: z.string(),
  message_count: z
    .number()
    .int()
    .describe('Messages on this topic seen by the session (this window and earlier calls)'),
  window_message_count: z.number().int().describe('Messages on this topic during this window'),
  first_seen: z.string().describe('ISO 8601 UTC time the session first saw this topic'),
  last_seen: z.string().describe('ISO 8601 UTC time the session last saw this topic'),
  retained: z
    .boolean()
    .describe(
      'True when the broker delivered a retained message on this topic in this window, or the last message seen was retained',
    ),
  last_payload_format: z.enum(['json', 'text', 'binary']),
  last_size_bytes: z.number().int(),
  seen_in_window: z.boolean().describe('False when only known from earlier calls on this session'),
  flag: z
    .enum(['retained_command', 'stale_retained'])
    .optional()
    .describe(
      'retained_command: a command topic holding a retained value (re-fires on reconnect); stale_retained: its retained value is over an hour old by its own time field',
    ),
});

/** Discovers topics under a filter. */
export const listTopics = defineTool({
  name: 'mqtt_list_topics',
  description:
    'Discover topics under topic_pattern, grouped into patterns; detail=full lists them, paged by cursor; search filters by substring.',
  ...TIMED_READ,
  input: sessionInput({
    topic_pattern: topicPatternArg('#'),
    duration_seconds: durationArg(5),
    search: z.string().max(1024).optional(),
    detail: detailArg,
    limit: z.number().int().min(1).max(5000).default(200),
    cursor: z.string().max(100_000).optional(),
    include_sys: z.boolean().default(false),
  }),
  output: z.object({
    session_id: z.string(),
    topic_pattern: z.string(),
    include_sys: z.boolean(),
    topic_count: z.number().int().describe('Distinct topics matching the pattern'),
    window_message_count: z.number().int().describe('Matching messages received in this window'),
    topics: z
      .array(topicSchema)
      .optional()
      .describe('With detail=full: sorted by topic, at most `limit` after `cursor`'),
    topics_not_listed: z.number().int().describe('Matching topics not on this page'),
    next_cursor: z.string().optional().describe('Pass as cursor for the next page'),
    patterns: z
      .array(
        z.object({
          pattern: z.string().describe('Topic with id-like and numeric levels replaced by +'),
          topics: z.number().int(),
          messages: z.number().int(),
        }),
      )
      .describe(`Topic groups by pattern, most messages first, at most ${TOP_PATTERNS}`),
    patterns_not_listed: z.number().int(),
    inventory_full: z
      .boolean()
      .describe('True when some topics could not be remembered (limit of distinct topics reached)'),
    inventory_note: z.string().optional(),
    flagged: retainedFlagsSchema
      .optional()
      .describe('Retained commands and stale retained values among all matching topics'),
    explanation: z.string().optional().describe('Why the list is empty, and what to try next'),
    ...windowOutput,
  }),
  async handler(args, ctx) {
    validateTopicFilter(args.topic_pattern, 'topic_pattern');
    const after = args.cursor === undefined ? undefined : decodeCursor(args.cursor);
    const session = ctx.sessions.get(args.session_id);
    const filters = [args.topic_pattern];
    if (args.include_sys && !args.topic_pattern.startsWith('$')) filters.push(SYS_FILTER);
    const search = args.search;
    const wanted = (topic: string) =>
      (search === undefined || topic.includes(search)) &&
      filters.some((f) => topicMatches(f, topic));
    // What this window saw, per topic: typed arrays (no object per topic), released at the end.
    const seen = new TopicStats(MAX_WINDOW_TOPICS, 'window');
    const flags = new RetainedFlags();
    try {
      /** The pattern of each window slot, worked out when the topic first arrived (not after the window). */
      const seenPatterns: string[] = [];
      const patternOf = patternMaker();
      let windowMessages = 0;
      let windowUntracked = 0;
      const outcome = await collect(session, {
        filters,
        qos: 0,
        durationMs: args.duration_seconds * 1000,
        signal: ctx.signal,
        onMessage(message) {
          windowMessages++;
          flags.observe(message);
          const known = seen.size;
          const slot = seen.record(
            message.topic,
            message.payload.length,
            message.retain,
            message.format,
            message.receivedAtMs,
          );
          if (slot < 0) windowUntracked++;
          else if (slot === known) seenPatterns.push(patternOf(message.topic));
        },
        onProgress: (elapsedMs) =>
          ctx.progress(
            Math.round(elapsedMs / 100) / 10,
            args.duration_seconds,
            `${seen.size} topic(s), ${windowMessages} message(s) after ${Math.round(elapsedMs / 1000)} s`,
          ),
      });

      const inventory = session.inventory;
      // Hardening: with tens of thousands of topics this runs after the window has closed, inside the
      // 1 s a timed tool may overrun: the default sort (the same UTF-16 order as before), and full
      // rows (two ISO dates each) only for the `limit` topics listed.
      const names: string[] = [];
      for (const topic of inventory.topics()) if (wanted(topic)) names.push(topic);
      for (let slot = 0; slot < seen.size; slot++) {
        const topic = seen.topicAt(slot);
        if (inventory.countOf(topic) === 0 && (search === undefined || topic.includes(search))) {
          names.push(topic);
        }
      }
      names.sort();
      const retainedOf = (topic: string) => {
        const slot = seen.slotOf(topic);
        return (
          (slot >= 0 && seen.entryAt(slot).retained) || (inventory.get(topic)?.retained ?? false)
        );
      };
      const start = after === undefined ? 0 : firstAfter(names, after);
      const page = args.detail === 'full' ? names.slice(start, start + args.limit) : [];
      const rows = page.map((topic) => {
        const past = inventory.get(topic);
        const slot = seen.slotOf(topic);
        const now = slot < 0 ? undefined : seen.entryAt(slot);
        const flag = flags.flagOf(
          topic,
          (now?.retained ?? false) || (past?.retained ?? false),
          outcome.endedAtMs,
        );
        return {
          topic,
          message_count: Math.max(past?.count ?? 0, now?.count ?? 0),
          window_message_count: now?.count ?? 0,
          first_seen: new Date(past?.firstSeenMs ?? now?.firstSeenMs ?? 0).toISOString(),
          last_seen: new Date(Math.max(past?.lastSeenMs ?? 0, now?.lastSeenMs ?? 0)).toISOString(),
          retained: (now?.retained ?? false) || (past?.retained ?? false),
          last_payload_format: (past ?? now)?.lastFormat ?? 'binary',
          last_size_bytes: (past ?? now)?.lastSize ?? 0,
          seen_in_window: now !== undefined,
          ...(flag ? { flag } : {}),
        };
      });

      const groups = new Map<string, { pattern: string; topics: number; messages: number }>();
      for (const topic of names) {
        const slot = seen.slotOf(topic);
        const pattern = slot < 0 ? patternOf(topic) : (seenPatterns[slot] as string);
        const group = groups.get(pattern) ?? { pattern, topics: 0, messages: 0 };
        group.topics++;
        group.messages += Math.max(inventory.countOf(topic), slot < 0 ? 0 : seen.countAt(slot));
        groups.set(pattern, group);
      }
      const patterns = [...groups.values()].sort(
        (a, b) =>
          b.messages - a.messages ||
          b.topics - a.topics ||
          (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0),
      );

      // Hardening: the session's count is cumulative since it opened and overlaps this window's
      // (the same message is counted by both when both maps are full), so they are not added up.
      const sessionUntracked = session.inventory.untrackedMessages;
      const untracked = sessionUntracked + windowUntracked;
      const incomplete = [
        windowUntracked > 0
          ? `${windowUntracked} message(s) of this window were on topics beyond the ${MAX_WINDOW_TOPICS} distinct topics one window tracks, so this list is incomplete`
          : undefined,
        sessionUntracked > 0
          ? `the session remembers at most ${session.inventory.limit} distinct topics: ${sessionUntracked} message(s) since it opened were on topics it could not remember`
          : undefined,
      ].filter((part) => part !== undefined);
      const seconds = Math.round((outcome.endedAtMs - outcome.startedAtMs) / 100) / 10;
      const sysHint =
        !args.include_sys && !args.topic_pattern.startsWith('$')
          ? '; $SYS topics are left out unless include_sys is true'
          : '';
      return {
        session_id: session.id,
        topic_pattern: args.topic_pattern,
        include_sys: args.include_sys,
        topic_count: names.length,
        window_message_count: windowMessages,
        topics: args.detail === 'full' ? rows : undefined,
        topics_not_listed: args.detail === 'full' ? names.length - rows.length : names.length,
        next_cursor:
          args.detail === 'full' && start + rows.length < names.length
            ? encodeCursor(names[start + rows.length - 1] ?? '')
            : undefined,
        patterns: patterns.slice(0, TOP_PATTERNS),
        patterns_not_listed: Math.max(0, patterns.length - TOP_PATTERNS),
        inventory_full: untracked > 0,
        inventory_note:
          untracked > 0 ? `${incomplete.join('; ')}; use a narrower pattern` : undefined,
        flagged: flags.summary(names, retainedOf, outcome.endedAtMs),
        explanation:
          names.length === 0
            ? `no topic matched ${args.topic_pattern}${search === undefined ? '' : ` containing "${search}"`} in ${seconds} s and the session had not seen one before; the pattern is valid, but nothing was published or retained under it during the window${sysHint}; try a wider pattern (e.g. #) or a longer duration`
            : undefined,
        ...windowResult(outcome),
      };
    } finally {
      seen.release();
      flags.release();
    }
  },
  summarize: (out) =>
    `${out.topic_count} topic(s) under ${out.topic_pattern}, ${out.window_message_count} message(s) in ${out.duration_seconds} s`,
});
