// The undo log a retained tool writes to, from the tool context.
import { ToolError } from '../../errors';
import type { UndoLog } from '../../store/undo';
import type { ToolContext } from '../kit/define-tool';

/** The context's undo log; INTERNAL when the process was built without one. */
export function requireUndo(ctx: ToolContext): UndoLog {
  if (!ctx.undo) {
    throw new ToolError('INTERNAL', 'this process keeps no undo log; nothing was changed');
  }
  return ctx.undo;
}
