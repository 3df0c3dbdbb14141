// Settings of a recorder: from the configuration, with the heuristics' thresholds (short in tests).
import type { Config } from '../config';
import { ToolError } from '../errors';
import { validateTopicFilter } from '../mqtt/topics';
import type { UpkeepLimits } from '../store/record/types';

/** How a recorder aggregates, detects and flushes. */
export interface RecorderOptions {
  /** Topics recorded (an MQTT filter). */
  pattern: string;
  /** Time between batched writes. */
  flushMs: number;
  /** Topics tracked at most; further topics are counted as untracked. */
  maxTopics: number;
  /** Raw messages kept per topic. */
  messagesPerTopic: number;
  /** A topic vanished when silent for this many of its usual intervals ... */
  vanishFactor: number;
  /** ... and at least this long. */
  vanishMinMs: number;
  /** A numeric field froze after this many identical values in a row ... */
  freezeMinRepeats: number;
  /** ... lasting at least this long ... */
  freezeMinMs: number;
  /** ... when it had changed at least this often before. */
  freezeMinChanges: number;
  /** A source recorded for the first time: what arrives this soon is the baseline, not news. */
  baselineMs: number;
  /** Events per batch at most (the rest are counted as dropped). */
  maxEventsPerBatch: number;
  /** Window of the findings engine over the recording (0: no diagnosis). */
  diagnosisMs: number;
}

/** Defaults of the detection thresholds. */
export const DEFAULT_THRESHOLDS = {
  vanishFactor: 10,
  vanishMinMs: 5 * 60_000,
  freezeMinRepeats: 5,
  freezeMinMs: 10 * 60_000,
  freezeMinChanges: 3,
  baselineMs: 30_000,
  maxEventsPerBatch: 5000,
} as const;

/** Recorder options from the hub configuration; throws an Error naming an invalid pattern. */
export function recorderOptions(config: Config): RecorderOptions {
  const pattern = config.MQTT_MCP_RECORD_PATTERN;
  try {
    validateTopicFilter(pattern, 'MQTT_MCP_RECORD_PATTERN');
    if (pattern.startsWith('$share/')) {
      throw new ToolError(
        'INVALID_TOPIC',
        'MQTT_MCP_RECORD_PATTERN: a shared subscription would see only part of the traffic',
      );
    }
  } catch (err) {
    throw new Error(`invalid configuration:\n  ${(err as Error).message}`);
  }
  return {
    pattern: config.MQTT_MCP_RECORD_PATTERN,
    flushMs: config.MQTT_MCP_RECORD_FLUSH_SECONDS * 1000,
    maxTopics: config.MQTT_MCP_RECORD_MAX_TOPICS,
    messagesPerTopic: config.MQTT_MCP_RECORD_MESSAGES_PER_TOPIC,
    diagnosisMs: config.MQTT_MCP_RECORD_DIAGNOSIS_SECONDS * 1000,
    ...DEFAULT_THRESHOLDS,
  };
}

/** The record's retention, detail and size limits from the configuration. */
export function recordLimits(config: Config): Omit<UpkeepLimits, 'nowMs'> {
  return {
    retentionDays: config.MQTT_MCP_RECORD_RETENTION_DAYS ?? config.MQTT_MCP_JOURNAL_RETENTION_DAYS,
    detailHours: config.MQTT_MCP_RECORD_DETAIL_HOURS,
    maxBytes: config.MQTT_MCP_RECORD_MAX_MB * 1024 * 1024,
    messagesPerTopic: config.MQTT_MCP_RECORD_MESSAGES_PER_TOPIC,
  };
}
