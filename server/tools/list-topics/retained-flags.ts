// mqtt_list_topics helper: flags retained commands (…/set, cmnd/…) and stale retained values among topics.
import { z } from 'zod';
import { isCommandTopic } from '../../analysis/command-topics';
import { payloadTimeMs } from '../../diagnosis/payload-fields';
import { DEFAULT_STALE_AFTER_MS } from '../../diagnosis/window';
import type { InboundMessage } from '../../mqtt/inbound-message';

/** Most flagged topics listed per kind. */
const MAX_LISTED = 10;
/** Most retained values whose own time is remembered in one window. */
const MAX_REMEMBERED = 50_000;

/** What a topic row is flagged for. */
export type TopicFlag = 'retained_command' | 'stale_retained';

/** The flags block of mqtt_list_topics. */
export const retainedFlagsSchema = z.object({
  retained_commands: z
    .array(z.string())
    .describe(
      `Command topics (…/set, cmnd/…, …/command) holding a retained value, which re-fires on every reconnect; at most ${MAX_LISTED}`,
    ),
  retained_commands_count: z.number().int(),
  stale_retained: z
    .array(z.object({ topic: z.string(), payload_time: z.string(), age_seconds: z.number() }))
    .describe(
      `Retained values older than an hour by their own time field and not refreshed in this window; at most ${MAX_LISTED}`,
    ),
  stale_retained_count: z.number().int(),
});

/** Remembers the own time of retained values seen in a window, and whether a live message followed. */
export class RetainedFlags {
  private readonly retainedTimes = new Map<string, number>();

  /** Notes a message of the window (retained values are decoded; live ones refresh their topic). */
  observe(message: InboundMessage): void {
    if (!message.retain) {
      this.retainedTimes.delete(message.topic);
      return;
    }
    if (this.retainedTimes.size >= MAX_REMEMBERED || message.payload.length === 0) return;
    const ms = payloadTimeMs(message.decoded.payload);
    if (ms !== undefined) this.retainedTimes.set(message.topic, ms);
  }

  /** The flag of a topic (retained tells whether the broker holds a value for it). */
  flagOf(topic: string, retained: boolean, nowMs: number): TopicFlag | undefined {
    if (!retained) return undefined;
    if (isCommandTopic(topic)) return 'retained_command';
    const ms = this.retainedTimes.get(topic);
    return ms !== undefined && nowMs - ms >= DEFAULT_STALE_AFTER_MS ? 'stale_retained' : undefined;
  }

  /**
   * The flags block over every topic of the result, or undefined when nothing is flagged;
   * `retainedOf` is asked only for command topics and topics with a remembered retained time.
   */
  summary(
    topics: Iterable<string>,
    retainedOf: (topic: string) => boolean,
    nowMs: number,
  ): z.input<typeof retainedFlagsSchema> | undefined {
    const commands: string[] = [];
    const stale: Array<{ topic: string; payload_time: string; age_seconds: number }> = [];
    for (const topic of topics) {
      if (!this.retainedTimes.has(topic) && !isCommandTopic(topic)) continue;
      const flag = this.flagOf(topic, retainedOf(topic), nowMs);
      if (flag === 'retained_command') commands.push(topic);
      if (flag === 'stale_retained') {
        const ms = this.retainedTimes.get(topic) as number;
        const age = Math.round((nowMs - ms) / 1000);
        stale.push({ topic, payload_time: new Date(ms).toISOString(), age_seconds: age });
      }
    }
    if (commands.length === 0 && stale.length === 0) return undefined;
    return {
      retained_commands: commands.slice(0, MAX_LISTED),
      retained_commands_count: commands.length,
      stale_retained: stale.slice(0, MAX_LISTED),
      stale_retained_count: stale.length,
    };
  }

  /** Frees the memory. */
  release(): void {
    this.retainedTimes.clear();
  }
}
