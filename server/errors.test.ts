// Unit tests of ToolError recognition across module copies (Next.js loads a module once per route bundle).
import { describe, expect, it, vi } from 'vitest';
import type * as errors from './errors';
import { isToolError, ToolError } from './errors';

/** A second, separately evaluated copy of errors.ts, as another Next.js chunk would hold. */
async function otherCopy(): Promise<typeof errors> {
  vi.resetModules();
  return import('./errors');
}

describe('ToolError across bundle copies', () => {
  it('recognises a ToolError made by another copy of the module by its brand, code kept', async () => {
    const copy = await otherCopy();
    expect(copy.ToolError).not.toBe(ToolError);
    const foreign = new copy.ToolError('INVALID_INPUT', 'name: a profile named "x" already exists');
    // Security fix: `instanceof` failed here and the error became INTERNAL (HTTP 500).
    expect(isToolError(foreign)).toBe(true);
    expect(isToolError(foreign, 'INVALID_INPUT')).toBe(true);
    expect(isToolError(foreign, 'NOT_FOUND')).toBe(false);
    expect(foreign instanceof ToolError).toBe(true);
    expect(ToolError.from(foreign)).toBe(foreign);
    expect(ToolError.from(foreign).code).toBe('INVALID_INPUT');
  });

  it('does not take a look-alike for a ToolError', () => {
    const fake = Object.assign(new Error('x'), { name: 'ToolError', code: 'INVALID_INPUT' });
    expect(isToolError(fake)).toBe(false);
    expect(fake instanceof ToolError).toBe(false);
    expect(ToolError.from(fake).code).toBe('INTERNAL');
    expect(ToolError.from(fake).cause).toBe(fake);
    expect(isToolError(null)).toBe(false);
    expect(isToolError('INVALID_INPUT')).toBe(false);
  });

  it('keeps the brand out of JSON and of object keys', () => {
    const err = new ToolError('NOT_FOUND', 'gone', { id: 'x' });
    expect(Object.keys(err)).not.toContain('Symbol(mqtt-mcp.ToolError)');
    expect(JSON.stringify({ ...err })).not.toContain('mqtt-mcp');
  });
});
