// Rolling, bounded summary of everything one topic showed during a window, fed one observation at a time.
import { availabilityOf } from '../analysis/availability';
import { isJsonObject } from '../analysis/message';
import { severityOf } from '../analysis/severity';
import { addObjectShape, type FieldShape } from '../analysis/sibling-shapes';
import { ArrivalTrack } from './arrival-track';
import { AvailabilityTrack } from './availability-track';
import { FieldTrack, isErrorText } from './field-track';
import type { Observation } from './observation';
import { MAX_FIELDS, payloadTimeMs, preview, scalarFields } from './payload-fields';
import { TimeTrack } from './time-track';

/** How a payload was formed, for mixed-format checks. */
export type FormatCategory = 'json' | 'text' | 'binary' | 'broken_json';

/** The last retained value of a topic. */
export interface RetainedValue {
  atMs: number;
  preview: string;
  payloadMs?: number;
}

const TEMPERATURE = /temp|ds18b20|celsius/i;
const PLAIN_VALUE = /^(|value|val|reading|state)$/i;

function categoryOf(o: Observation): FormatCategory | undefined {
  if (o.sizeBytes === 0) return undefined;
  if (o.format === 'binary') return 'binary';
  if (o.format === 'json') return typeof o.payload === 'object' ? 'json' : 'text';
  const text = typeof o.payload === 'string' ? o.payload.trimStart() : '';
  return text.startsWith('{') || text.startsWith('[') ? 'broken_json' : 'text';
}

/** Everything the detectors need to know about one topic, in bounded memory. */
export class TopicTrack {
  count = 0;
  live = 0;
  retained = 0;
  firstMs = 0;
  lastMs = 0;
  /** The last live message time (0 when none). */
  lastLiveMs = 0;
  /** The latest payload, cut short. */
  lastPreview = '';
  retainedValue: RetainedValue | undefined;
  readonly formats: Partial<Record<FormatCategory, number>> = {};
  readonly formatExamples: Partial<Record<FormatCategory, string>> = {};
  availability: AvailabilityTrack | undefined;
  readonly fields = new Map<string, FieldTrack>();
  /** Top-level fields of JSON object payloads and how many such payloads arrived. */
  readonly shape = new Map<string, FieldShape>();
  objects = 0;
  readonly time = new TimeTrack();
  /** Messages flagged as errors or warnings (by topic or payload), and the latest of each. */
  errors = 0;
  warnings = 0;
  lastError = '';
  lastWarning = '';
  readonly arrivals = new ArrivalTrack();

  constructor(readonly topic: string) {}

  /** Adds one observation of this topic. */
  add(o: Observation): void {
    if (this.count === 0) this.firstMs = o.atMs;
    this.count++;
    this.lastMs = Math.max(this.lastMs, o.atMs);
    this.lastPreview = preview(o.payload, 40);
    const live = !o.retain;
    const payloadMs = payloadTimeMs(o.payload);
    if (live) {
      this.live++;
      this.lastLiveMs = Math.max(this.lastLiveMs, o.atMs);
      this.arrivals.add(o.atMs);
      if (payloadMs !== undefined) this.time.add(o.atMs, payloadMs);
    } else {
      this.retained++;
      this.retainedValue = {
        atMs: o.atMs,
        preview: preview(o.payload, 40),
        ...(payloadMs !== undefined ? { payloadMs } : {}),
      };
    }
    this.addFormat(o);
    this.addAvailability(o, payloadMs);
    this.addSeverity(o);
    if (o.format === 'json' && isJsonObject(o.payload)) {
      this.objects++;
      addObjectShape(this.shape, o.payload, MAX_FIELDS);
    }
    for (const [path, value] of scalarFields(o.payload, o.format)) {
      this.fieldFor(path, value)?.add(value, o.atMs, live);
    }
  }

  /** Whether the topic carried online/offline messages. */
  get isAvailability(): boolean {
    return this.availability !== undefined;
  }

  private addFormat(o: Observation): void {
    const category = categoryOf(o);
    if (!category) return;
    this.formats[category] = (this.formats[category] ?? 0) + 1;
    this.formatExamples[category] ??= preview(o.payload, 40);
  }

  private addSeverity(o: Observation): void {
    const severity = severityOf(o.topic, o.payload, o.format);
    if (severity === 'error') {
      this.errors++;
      this.lastError = this.lastPreview;
    } else if (severity === 'warning') {
      this.warnings++;
      this.lastWarning = this.lastPreview;
    }
  }

  private addAvailability(o: Observation, payloadMs: number | undefined): void {
    const state = availabilityOf({ topic: o.topic, payload_format: o.format, payload: o.payload });
    if (!state) return;
    this.availability ??= new AvailabilityTrack();
    this.availability.add({
      atMs: o.atMs,
      state,
      retained: o.retain,
      ...(payloadMs !== undefined ? { payloadMs } : {}),
    });
  }

  private fieldFor(path: string, value: unknown): FieldTrack | undefined {
    const known = this.fields.get(path);
    if (known) return known;
    if (typeof value === 'string' ? !isErrorText(value) : typeof value !== 'number')
      return undefined;
    if (this.fields.size >= MAX_FIELDS) return undefined;
    const temperature =
      TEMPERATURE.test(path) || (PLAIN_VALUE.test(path) && TEMPERATURE.test(this.topic));
    const field = new FieldTrack(temperature);
    this.fields.set(path, field);
    return field;
  }
}
