// Resolves a record selector (source, topic, MQTT pattern, device id) to the recorded topics it names.
import { topicMatches } from '../../mqtt/topics';
import type { Database } from '../db';
import type { RecordSelector } from './types';

/** A recorded topic a selector matched. */
export interface MatchedTopic {
  id: number;
  sourceId: number;
  source: string;
  topic: string;
}

/** Topics examined per query at most (the recorder tracks at most MQTT_MCP_RECORD_MAX_TOPICS per source). */
export const MAX_MATCHED_TOPICS = 100_000;

/** The fixed levels of a filter before its first wildcard, as a text prefix. */
function literalPrefix(pattern: string): string {
  const levels: string[] = [];
  for (const level of pattern.split('/')) {
    if (level === '+' || level === '#') return levels.length > 0 ? `${levels.join('/')}/` : '';
    levels.push(level);
  }
  return pattern;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The topics a selector names, sorted by source and topic. */
export function matchTopics(db: Database, selector: RecordSelector): MatchedTopic[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (selector.source !== undefined) {
    where.push('s.key = ?');
    params.push(selector.source);
  }
  if (selector.topic !== undefined) {
    where.push('t.topic = ?');
    params.push(selector.topic);
  }
  if (selector.pattern !== undefined) {
    const prefix = literalPrefix(selector.pattern);
    if (prefix.length > 0) {
      where.push('substr(t.topic, 1, ?) = ?');
      params.push(prefix.length, prefix);
    }
  }
  if (selector.device !== undefined) {
    where.push(`('/' || t.topic || '/') LIKE ? ESCAPE '\\'`);
    params.push(`%/${escapeLike(selector.device)}/%`);
  }
  const rows = db
    .prepare(
      `SELECT t.id AS id, t.source_id AS sourceId, s.key AS source, t.topic AS topic
       FROM record_topics t JOIN record_sources s ON s.id = t.source_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.key, t.topic LIMIT ${MAX_MATCHED_TOPICS}`,
    )
    .all(...params) as MatchedTopic[];
  const pattern = selector.pattern;
  return pattern === undefined ? rows : rows.filter((r) => topicMatches(pattern, r.topic));
}
