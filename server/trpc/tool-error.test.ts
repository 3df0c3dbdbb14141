// Unit tests of the tRPC side of ToolError: a thrown ToolError answers with its own code, root causes for logs.
import { TRPCError } from '@trpc/server';
import { describe, expect, it, vi } from 'vitest';
import { ToolError } from '../errors';
import { rootCause, withToolErrorCode } from './tool-error';

describe('withToolErrorCode', () => {
  it('turns a ToolError that tRPC wrapped as INTERNAL_SERVER_ERROR into its own code', async () => {
    vi.resetModules();
    const copy = await import('../errors');
    const wrapped = new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      cause: new copy.ToolError('INVALID_INPUT', 'cursor: not a cursor returned by the journal'),
    });
    const answered = withToolErrorCode(wrapped);
    expect(answered.code).toBe('BAD_REQUEST');
    expect(answered.message).toBe('INVALID_INPUT: cursor: not a cursor returned by the journal');
    const missing = withToolErrorCode(
      new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: new ToolError('NOT_FOUND', 'no') }),
    );
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('leaves INTERNAL ToolErrors, other errors and already coded errors alone', () => {
    const internal = new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      cause: ToolError.from(new Error('disk full')),
    });
    expect(withToolErrorCode(internal)).toBe(internal);
    const plain = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: new Error('x') });
    expect(withToolErrorCode(plain)).toBe(plain);
    const coded = new TRPCError({ code: 'FORBIDDEN', message: 'no' });
    expect(withToolErrorCode(coded)).toBe(coded);
  });
});

describe('rootCause', () => {
  it('finds the innermost error behind TRPCError and ToolError wrappers', () => {
    const original = new Error('SQLITE_FULL: database or disk is full');
    const wrapped = new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      cause: ToolError.from(original),
    });
    expect(rootCause(wrapped)).toBe(original);
    expect(rootCause(original)).toBe(original);
    expect(rootCause('text')).toBe('text');
  });
});
