// Findings of one explorer topic: the diagnosis engine over its kept history and its siblings'.
import { DiagnosisEngine } from '../diagnosis/engine';
import type { Finding } from '../diagnosis/finding';
import { observationOf } from '../diagnosis/observation';
import type { MessageRecordShape } from '../mqtt/inbound-message';
import type { TopicTree } from './topic-tree';

/** Sibling topics read along with the topic (for frozen-value and schema-drift comparisons). */
export const SIBLINGS_READ = 50;

/** What the console shows on a topic's details. */
export interface TopicFindings {
  topic: string;
  /** The device the diagnosis attributes the topic to. */
  device: string;
  /** Messages of the topic the findings rest on. */
  messages: number;
  /** Findings about this topic or its device, worst first. */
  findings: Finding[];
}

/** Runs the detectors over a topic's history (and its siblings'); undefined for an unknown topic. */
export function topicFindings(
  tree: TopicTree,
  topic: string,
  filter: string,
  nowMs: number,
): TopicFindings | undefined {
  const own = tree.history(topic);
  if (!own) return undefined;
  const records: MessageRecordShape[] = [...own.history];
  for (const sibling of tree.siblingsOf(topic, SIBLINGS_READ)) records.push(...sibling);
  const observations = records
    .map(observationOf)
    .sort((a, b) => a.atMs - b.atMs || a.topic.localeCompare(b.topic));
  const engine = new DiagnosisEngine({ filter, startMs: observations[0]?.atMs });
  for (const o of observations) engine.observe(o);
  const device = engine.window(nowMs).deviceOf(topic);
  const findings = engine
    .findings(nowMs)
    .filter((f) =>
      f.subject.topic !== undefined ? f.subject.topic === topic : f.subject.device === device,
    );
  return { topic, device, messages: own.history.length, findings };
}
