// Unit tests of undo records: SQLite and memory keep payloads and MQTT 5 properties byte for byte, and expire.
import { describe, expect, it } from 'vitest';
import { MemoryUndoLog, type UndoLog } from './undo';
import { useTempStore } from '../../test/fixtures/temp-store';

const t = useTempStore();

const messages = [
  { topic: 'a/set', payload: Buffer.from([0, 255, 1, 2]), qos: 1 as const },
  {
    topic: 'a/state',
    payload: Buffer.from('{"on":true}'),
    qos: 2 as const,
    properties: {
      contentType: 'application/json',
      payloadFormatIndicator: true,
      responseTopic: 'a/reply',
      correlationData: Buffer.from([9, 8, 7]),
      userProperties: { k: 'v', many: ['1', '2'] },
    },
  },
];

describe.each<[string, () => UndoLog]>([
  ['SqliteUndoLog', () => t.store.undo],
  ['MemoryUndoLog', () => new MemoryUndoLog()],
])('%s', (_, make) => {
  it('returns the saved messages byte for byte, in order', () => {
    const log = make();
    const id = log.save({ sessionId: 's', broker: 'mqtt://b', topicPattern: 'a/#', messages });
    const record = log.get(id);
    expect(record?.messages).toEqual(messages);
    expect(record?.messages[0]?.payload.equals(messages[0]!.payload)).toBe(true);
    expect(record?.restoredMs).toBeUndefined();
    log.markRestored(id, 1234);
    expect(log.get(id)?.restoredMs).toBe(1234);
    expect(log.get('nope')).toBeUndefined();
  });

  it('forgets records older than the retention', () => {
    const log = make();
    const id = log.save({ sessionId: 's', broker: 'b', topicPattern: '#', messages });
    expect(log.prune(7)).toBe(0);
    expect(log.prune(7, Date.now() + 8 * 86_400_000)).toBe(1);
    expect(log.get(id)).toBeUndefined();
  });
});
