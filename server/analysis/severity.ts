// Classifies a message as an error or a warning from its topic and payload (pure, no I/O).
import { isJsonObject, type PayloadFormat } from './message';

/** Severity of a message that deserves attention; undefined for ordinary messages. */
export type Severity = 'error' | 'warning';

/*
 * Rules. Text is split into lowercase words on anything that is not a letter or a digit, so
 * `error_count` is the words `error` and `count` and `terrorist` is one word that matches nothing.
 * A matching word is ignored when the word before it negates it (`no error`, `0 failures`) or the
 * word after it neutralises it (`errors: 0`, `error=none`, `error_count`, `error-free`).
 * - Topic: any level with the word error, alarm, fault, critical, exception or fail(ed|ure)
 *   (plurals too) is an error; warn, warning or alert is a warning.
 * - Text payloads (and JSON strings): error, exception, fail(ed|ure), critical, fatal are errors;
 *   warn or warning is a warning.
 * - JSON objects, at the top level and one nested level: a level/severity/status/state field
 *   whose text holds an error word (also err, crit, emerg, panic, alarm, fault) is an error, and
 *   one holding warn(ing) is a warning; an error/err/alarm field that is set (not null, false, 0,
 *   empty, or a word such as none/ok/off/clear/normal) is an error.
 * - Binary payloads are judged by their topic only. An error outranks a warning.
 */

const TEXT_ERROR = words('error errors exception exceptions fail fails failed failure failures');
const TEXT_ERROR_ALL = new Set([...TEXT_ERROR, 'critical', 'fatal']);
const WARNING = words('warn warning warnings');
const TOPIC_ERROR = new Set([...TEXT_ERROR, 'critical', 'alarm', 'alarms', 'fault', 'faults']);
const TOPIC_WARNING = new Set([...WARNING, 'alert', 'alerts']);
const LEVEL_ERROR = new Set([
  ...TEXT_ERROR_ALL,
  ...words('err crit emerg emergency panic alarm fault'),
]);
const NEGATORS = words('no not non without zero 0');
const NEUTRALISERS = words('0 none null false no count counter counts total rate num number free');
const SEVERITY_FIELDS = words('level severity status state');
const ERROR_FIELDS = words('error err alarm');
const UNSET_WORDS = words('0 none null ok off false no clear cleared inactive normal n/a');

function words(list: string): Set<string> {
  return new Set(list.split(' '));
}

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

function scanWords(
  list: string[],
  errors: Set<string>,
  warnings: Set<string>,
): Severity | undefined {
  let found: Severity | undefined;
  for (let i = 0; i < list.length; i++) {
    const word = list[i] as string;
    const isError = errors.has(word);
    if (!isError && !warnings.has(word)) continue;
    if (NEGATORS.has(list[i - 1] ?? '') || NEUTRALISERS.has(list[i + 1] ?? '')) continue;
    if (isError) return 'error';
    found = 'warning';
  }
  return found;
}

function isSet(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    return text.length > 0 && !UNSET_WORDS.has(text);
  }
  if (Array.isArray(value)) return value.length > 0;
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return true;
}

function fieldSeverity(key: string, value: unknown): Severity | undefined {
  const name = key.toLowerCase();
  if (ERROR_FIELDS.has(name)) return isSet(value) ? 'error' : undefined;
  if (SEVERITY_FIELDS.has(name) && typeof value === 'string') {
    return scanWords(tokens(value), LEVEL_ERROR, WARNING);
  }
  return undefined;
}

function objectSeverity(obj: Record<string, unknown>, nested: boolean): Severity | undefined {
  let found: Severity | undefined;
  for (const [key, value] of Object.entries(obj)) {
    let severity = fieldSeverity(key, value);
    if (severity === undefined && !nested && isJsonObject(value)) {
      severity = objectSeverity(value, true);
    }
    if (severity === 'error') return 'error';
    found ??= severity;
  }
  return found;
}

function payloadSeverity(payload: unknown, format: PayloadFormat): Severity | undefined {
  if (format === 'binary') return undefined;
  if (typeof payload === 'string') return scanWords(tokens(payload), TEXT_ERROR_ALL, WARNING);
  if (format === 'json' && isJsonObject(payload)) return objectSeverity(payload, false);
  return undefined;
}

/** Whether a topic alone marks its messages as errors or warnings (judged level by level). */
export function topicSeverity(topic: string): Severity | undefined {
  let found: Severity | undefined;
  for (const level of topic.split('/')) {
    const severity = scanWords(tokens(level), TOPIC_ERROR, TOPIC_WARNING);
    if (severity === 'error') return 'error';
    found ??= severity;
  }
  return found;
}

/** Severity of a message from its topic and payload: 'error', 'warning' or undefined. */
export function severityOf(
  topic: string,
  payload: unknown,
  format: PayloadFormat,
): Severity | undefined {
  const fromTopic = topicSeverity(topic);
  if (fromTopic === 'error') return 'error';
  const fromPayload = payloadSeverity(payload, format);
  return fromPayload === 'error' ? 'error' : (fromTopic ?? fromPayload);
}
