// Unit tests of error/warning classification from topics and payloads.
import { describe, expect, it } from 'vitest';
import { severityOf, topicSeverity } from './severity';
import { itReturns, itReturnsFor } from '../../test/each-case';

const ofJson = (payload: unknown) => severityOf('devices/x/state', payload, 'json');
const ofText = (text: string) => severityOf('logs/app', text, 'text');

describe('topicSeverity', () => {
  itReturns('%s is %s', topicSeverity, [
    ['devices/pump1/error', 'error'],
    ['plant/alarm', 'error'],
    ['x/fault/3', 'error'],
    ['app/exceptions', 'error'],
    ['job/failed', 'error'],
    ['job/failure_reason', 'error'],
    ['x/critical', 'error'],
    ['house/warning', 'warning'],
    ['house/warn', 'warning'],
    ['security/alert', 'warning'],
  ]);

  itReturnsFor('%s is ordinary', topicSeverity, undefined, [
    'sensors/temperature',
    'news/terrorist',
    'x/error_count',
    'stats/error_rate',
    'failover/x',
  ]);

  it('ranks an error level above a warning level', () => {
    expect(topicSeverity('alerts/pump/error')).toBe('error');
  });
});

describe('severityOf with JSON objects', () => {
  itReturns('%j is %s', ofJson, [
    [{ level: 'ERROR', msg: 'x' }, 'error'],
    [{ severity: 'critical' }, 'error'],
    [{ status: 'failed' }, 'error'],
    [{ state: 'FATAL_STATE' }, 'error'],
    [{ level: 'err' }, 'error'],
    [{ level: 'warn' }, 'warning'],
    [{ Severity: 'Warning' }, 'warning'],
    [{ error: 'sensor timeout' }, 'error'],
    [{ error: true }, 'error'],
    [{ err: 5 }, 'error'],
    [{ alarm: 'high temperature' }, 'error'],
    [{ data: { status: 'error' } }, 'error'],
    [{ data: { level: 'warning' } }, 'warning'],
  ]);

  itReturnsFor('%j is ordinary', ofJson, undefined, [
    { errors: 0 },
    { error: null },
    { error: false },
    { error: 0 },
    { error: '' },
    { error: 'none' },
    { alarm: 'off' },
    { error_count: 0 },
    { status: 'ok' },
    { status: 'no error' },
    { message: 'error' },
    { a: { b: { status: 'error' } } },
    { temperature: 21.5, terrorist: 'x' },
  ]);

  it('prefers an error field over a warning field in the same object', () => {
    expect(severityOf('a', { level: 'warning', error: 'disk full' }, 'json')).toBe('error');
  });

  it('ignores arrays, numbers and booleans', () => {
    expect(severityOf('a', ['error'], 'json')).toBeUndefined();
    expect(severityOf('a', 42, 'json')).toBeUndefined();
    expect(severityOf('a', true, 'json')).toBeUndefined();
  });

  it('reads JSON strings like text', () => {
    expect(severityOf('a', 'Failed to connect', 'json')).toBe('error');
  });
});

describe('severityOf with text and binary', () => {
  itReturns('%s is %s', ofText, [
    ['ERROR: disk full', 'error'],
    ['Unhandled exception in loop', 'error'],
    ['upload failed', 'error'],
    ['critical battery', 'error'],
    ['fatal', 'error'],
    ['Warning: low battery', 'warning'],
    ['warn', 'warning'],
  ]);

  itReturnsFor('%s is ordinary', ofText, undefined, [
    'no error',
    'errors: 0',
    'error=none',
    '0 failures',
    'terrorist alert drill',
    'forewarning',
    'error-free run',
  ]);

  it('judges binary payloads by their topic only', () => {
    expect(severityOf('cam/1/snapshot', 'ZXJyb3I=', 'binary')).toBeUndefined();
    expect(severityOf('cam/1/error', 'AAAA', 'binary')).toBe('error');
  });

  it('lets a payload error outrank a warning topic', () => {
    expect(severityOf('house/alert', 'pump failed', 'text')).toBe('error');
    expect(severityOf('house/alert', 'all good', 'text')).toBe('warning');
  });
});
