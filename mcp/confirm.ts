// Confirmation prompts: a tool's CONFIRMATION_REQUIRED becomes an elicitation (both generations), its answer a confirm token.
import {
  CLIENT_CAPABILITIES_META_KEY,
  inputRequired,
  inputResponse,
  type ClientCapabilities,
  type InputRequiredResult,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { CallOutcome } from '../server/core';
import { ToolError } from '../server/errors';
import type { Era } from './tool-results';

/** Key of the confirmation in `inputRequests` / `inputResponses`. */
const KEY = 'confirm';

const REQUESTED_SCHEMA = {
  type: 'object' as const,
  properties: {
    confirm: {
      type: 'boolean' as const,
      title: 'Go ahead',
      description: 'Tick to let the server make this change',
      default: false,
    },
  },
  required: ['confirm'],
};

/** What the client answered to a confirmation prompt carried by this (retried) call. */
export type ConfirmAnswer = { token: string } | 'declined' | undefined;

/** Whether the client takes form elicitations (2025: initialize; 2026: the request's envelope). */
function canElicit(server: Server, ctx: ServerContext, era: Era): boolean {
  const caps: ClientCapabilities | undefined =
    era === 'modern'
      ? ((ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[
          CLIENT_CAPABILITIES_META_KEY
        ] as ClientCapabilities | undefined)
      : server.getClientCapabilities();
  return caps?.elicitation !== undefined;
}

/**
 * The answer a retried call carries: the confirm token when the user accepted, 'declined' for a
 * decline, a cancel or an unticked box, undefined when this call answers no prompt.
 */
export function confirmAnswer(ctx: ServerContext): ConfirmAnswer {
  const view = inputResponse(ctx.mcpReq.inputResponses, KEY);
  if (view.kind === 'missing') return undefined;
  const token = ctx.mcpReq.requestState<unknown>();
  const accepted = view.kind === 'elicit' && view.action === 'accept' && view.content?.confirm;
  return accepted === true && typeof token === 'string' ? { token } : 'declined';
}

/**
 * A confirmation prompt for an outcome that needs one (CONFIRMATION_REQUIRED with a token), when
 * the client can show it; the token rides in `requestState` (the tool checks it, HMAC and expiry).
 */
export function confirmationPrompt(
  outcome: CallOutcome,
  server: Server,
  ctx: ServerContext,
  era: Era,
): InputRequiredResult | undefined {
  if (outcome.ok || outcome.error.code !== 'CONFIRMATION_REQUIRED') return undefined;
  const { confirm, prompt } = outcome.error.details ?? {};
  if (typeof confirm !== 'string' || !canElicit(server, ctx, era)) return undefined;
  return inputRequired({
    inputRequests: {
      [KEY]: inputRequired.elicit({
        message: typeof prompt === 'string' ? prompt : outcome.error.message,
        requestedSchema: REQUESTED_SCHEMA,
      }),
    },
    requestState: confirm,
  });
}

/** The outcome of a call the user declined in the prompt: nothing ran, nothing changed. */
export function declinedOutcome(): CallOutcome {
  return {
    ok: false,
    error: new ToolError(
      'CONFIRMATION_REQUIRED',
      'declined in the confirmation prompt; nothing was changed',
    ),
    durationMs: 0,
  };
}
