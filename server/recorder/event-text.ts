// The events the recorder writes, each with a one-line summary a person (or an assistant) can read.
import type { InboundMessage } from '../mqtt/inbound-message';
import type { EventInput, RecordedAvailability } from '../store/record/types';

const PREVIEW_CHARS = 200;

function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 360) / 10} h`;
}

function preview(m: InboundMessage): string {
  const d = m.decoded;
  const text = typeof d.payload === 'string' ? d.payload : JSON.stringify(d.payload);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

/** A topic the record had never seen. */
export function appeared(topic: string, ts: number): EventInput {
  return { ts, topic, category: 'topic', kind: 'appeared', summary: 'new topic' };
}

/** A topic silent far longer than usual; `ts` is when it was last heard. */
export function vanished(
  topic: string,
  lastMs: number,
  intervalMs: number,
  nowMs: number,
): EventInput {
  return {
    ts: lastMs,
    topic,
    category: 'topic',
    kind: 'vanished',
    summary: `went silent (usually every ${duration(intervalMs)}; noticed after ${duration(nowMs - lastMs)})`,
    detail: { interval_ms: Math.round(intervalMs), noticed_at_ms: nowMs },
  };
}

/** A vanished topic publishing again. */
export function returned(topic: string, ts: number, silentMs: number): EventInput {
  return {
    ts,
    topic,
    category: 'topic',
    kind: 'returned',
    summary: `publishing again after ${duration(silentMs)} of silence`,
    detail: { silent_ms: silentMs },
  };
}

/** An online/offline transition (a retained offline is usually a Last Will). */
export function availability(
  topic: string,
  state: RecordedAvailability,
  previous: RecordedAvailability | null,
  retained: boolean,
  replay: boolean,
  ts: number,
): EventInput {
  const lwt = state === 'offline' && retained ? ' (retained, as a Last Will usually is)' : '';
  return {
    ts,
    topic,
    category: 'availability',
    kind: state,
    summary: `${state}${previous ? ` (was ${previous})` : ''}${lwt}${replay ? '; seen when (re)subscribing' : ''}`,
    detail: { previous, retained, replay },
  };
}

/** The broker's retained value of a topic changed (set, replaced or cleared). */
export function retainedChange(
  m: InboundMessage,
  ts: number,
  hadOne: boolean,
  replay: boolean,
): EventInput {
  const cleared = m.payload.length === 0;
  const when = replay ? ' (found when subscribing: set while the hub was not listening)' : '';
  return {
    ts,
    topic: m.topic,
    category: 'retained',
    kind: cleared ? 'retained_cleared' : 'retained_set',
    summary: cleared
      ? `retained value cleared${when}`
      : `retained value ${hadOne ? 'changed' : 'set'}: ${preview(m).slice(0, 80)}${when}`,
    detail: cleared
      ? { replay }
      : { payload: preview(m), size: m.payload.length, replaced: hadOne, replay },
  };
}

/** A numeric field repeating one value after it used to change; `ts` is when the value froze. */
export function frozen(
  topic: string,
  field: string,
  value: number,
  repeats: number,
  sinceMs: number,
  nowMs: number,
): EventInput {
  return {
    ts: sinceMs,
    topic,
    category: 'value',
    kind: 'frozen',
    summary: `${field} stuck at ${value} (${repeats} identical values over ${duration(nowMs - sinceMs)})`,
    detail: { field, value, repeats, noticed_at_ms: nowMs },
  };
}

/** A frozen field changing again. */
export function resumed(
  topic: string,
  field: string,
  value: number,
  ts: number,
  frozenMs: number,
): EventInput {
  return {
    ts,
    topic,
    category: 'value',
    kind: 'resumed',
    summary: `${field} changing again (now ${value}) after ${duration(frozenMs)} stuck`,
    detail: { field, value, frozen_ms: frozenMs },
  };
}

/** The hub lost its own connection to the broker. */
export function disconnected(ts: number, reason: string | undefined): EventInput {
  return {
    ts,
    category: 'availability',
    kind: 'hub_disconnected',
    subject: 'broker',
    summary: `the hub lost its connection to the broker${reason ? `: ${reason}` : ''}; nothing is recorded until it is back`,
  };
}

/** The hub's connection to the broker is back. */
export function reconnected(ts: number, downMs: number): EventInput {
  return {
    ts,
    category: 'availability',
    kind: 'hub_reconnected',
    subject: 'broker',
    summary: `the hub is connected to the broker again after ${duration(downMs)}`,
    detail: { down_ms: downMs },
  };
}
