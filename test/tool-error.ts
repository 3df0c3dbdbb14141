// Test helper: the ToolError a call throws, for assertions on its code, message and details.
import { ToolError } from '../server/errors';

/** Runs `fn` and returns the ToolError it throws; fails when it throws something else or nothing. */
export function caughtToolError(fn: () => unknown): ToolError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ToolError) return err;
    throw new Error(`expected a ToolError, got ${String(err)}`);
  }
  throw new Error('expected the call to throw a ToolError');
}
