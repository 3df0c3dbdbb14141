// Unit tests of the recorder settings taken from the configuration.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { recorderOptions, recordLimits } from './options';

describe('recorder options', () => {
  it('come from the configuration, the record retention defaulting to the journal one', () => {
    const config = loadConfig({ MQTT_MCP_JOURNAL_RETENTION_DAYS: '3' });
    expect(recorderOptions(config)).toMatchObject({
      pattern: '#',
      flushMs: 5000,
      maxTopics: 10_000,
      messagesPerTopic: 10,
    });
    expect(recordLimits(config)).toEqual({
      retentionDays: 3,
      detailHours: 24,
      maxBytes: 200 * 1024 * 1024,
      messagesPerTopic: 10,
    });
    const own = loadConfig({ MQTT_MCP_RECORD_RETENTION_DAYS: '30', MQTT_MCP_RECORD_MAX_MB: '64' });
    expect(recordLimits(own)).toMatchObject({ retentionDays: 30, maxBytes: 64 * 1024 * 1024 });
  });

  it('refuse an invalid or shared recording pattern, naming the variable', () => {
    for (const pattern of ['a/#/b', 'a+', '$share/g/#']) {
      expect(() => recorderOptions(loadConfig({ MQTT_MCP_RECORD_PATTERN: pattern }))).toThrow(
        /MQTT_MCP_RECORD_PATTERN/,
      );
    }
  });
});
