// mqtt_request: publish a request and wait for its answer (MQTT 5 response topic + correlation data, or a reply topic).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ToolError } from '../errors';
import type { InboundMessage } from '../mqtt/inbound-message';
import type { Session } from '../mqtt/session';
import { topicMatches, validateTopicFilter, validateTopicName } from '../mqtt/topics';
import { defineTool, TIMED_PUBLISH } from './kit/define-tool';
import { sessionInput } from './kit/schemas';

const PROGRESS_EVERY_MS = 500;

/** How the answer is recognised: a reply filter and, on MQTT 5, the correlation data. */
interface Awaited {
  filter: string;
  correlation?: Buffer;
}

/** Whether a message on the reply filter is the answer (its correlation data matches, if any). */
function isAnswer(message: InboundMessage, awaited: Awaited, sentAtMs: number): boolean {
  if (message.retain || message.receivedAtMs < sentAtMs) return false;
  const got = message.packetProperties?.correlationData;
  if (awaited.correlation && got) return Buffer.from(got).equals(awaited.correlation);
  return true;
}

/** Subscribes, publishes, and resolves with the answer, undefined when cancelled; TIMEOUT otherwise. */
async function exchange(
  session: Session,
  args: { topic: string; payload: string; qos: number; timeout_ms: number },
  awaited: Awaited,
  signal: AbortSignal,
  progress: (elapsedMs: number) => void,
): Promise<InboundMessage | undefined> {
  let sentAtMs = Infinity;
  let settle: (m: InboundMessage | undefined) => void = () => undefined;
  const answered = new Promise<InboundMessage | undefined>((resolve) => (settle = resolve));
  const off = session.onMessage((m) => {
    if (topicMatches(awaited.filter, m.topic) && isAnswer(m, awaited, sentAtMs)) settle(m);
  });
  const onAbort = () => settle(undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  let ticker: NodeJS.Timeout | undefined;
  try {
    const qos = args.qos as 0 | 1 | 2;
    await session.subscribe(awaited.filter, qos, args.timeout_ms);
    const started = Date.now();
    sentAtMs = started;
    await session.publish(
      args.topic,
      Buffer.from(args.payload, 'utf8'),
      {
        qos,
        retain: false,
        properties: awaited.correlation && {
          responseTopic: awaited.filter,
          correlationData: awaited.correlation,
        },
      },
      args.timeout_ms,
    );
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), args.timeout_ms - (Date.now() - started));
    });
    ticker = setInterval(() => progress(Date.now() - started), PROGRESS_EVERY_MS);
    const outcome = await Promise.race([answered, timedOut]);
    if (outcome === 'timeout') {
      throw new ToolError(
        'TIMEOUT',
        `no answer on ${awaited.filter} within ${args.timeout_ms} ms; the request to ${args.topic} was sent`,
      );
    }
    return outcome;
  } finally {
    clearTimeout(timer);
    clearInterval(ticker);
    off();
    signal.removeEventListener('abort', onAbort);
    void session.unsubscribe(awaited.filter).catch(() => undefined);
  }
}

/** Sends one request and returns its answer. */
export const request = defineTool({
  name: 'mqtt_request',
  description:
    'Publish, then await the answer (MQTT 5 correlation data, or reply_topic: required on 3.1.1).',
  ...TIMED_PUBLISH,
  input: sessionInput({
    topic: z.string(),
    payload: z.string().default(''),
    reply_topic: z.string().optional(),
    timeout_ms: z.number().min(100).max(120_000).default(5000),
    qos: z.number().int().min(0).max(2).default(0),
  }),
  output: z.object({
    reply_topic: z.string(),
    correlated: z.boolean(),
    elapsed_ms: z.number(),
    answer: z.unknown().describe('Absent if cancelled'),
  }),
  async handler(args, ctx) {
    validateTopicName(args.topic);
    const session = ctx.sessions.get(args.session_id);
    const v5 = session.options.protocolVersion === 5;
    if (!v5 && args.reply_topic === undefined) {
      throw new ToolError(
        'INVALID_INPUT',
        'reply_topic: required on an MQTT 3.1.1 session (it has no response topic); nothing was sent',
        { argument: 'reply_topic' },
      );
    }
    const filter = args.reply_topic ?? `mqtt-mcp/reply/${randomBytes(8).toString('hex')}`;
    validateTopicFilter(filter, 'reply_topic');
    if (v5) validateTopicName(filter, 'reply_topic');
    const awaited: Awaited = { filter, correlation: v5 ? randomBytes(16) : undefined };
    const started = performance.now();
    const answer = await exchange(session, args, awaited, ctx.signal, (elapsedMs) =>
      ctx.progress(elapsedMs, args.timeout_ms, `waiting for the answer on ${filter}`),
    );
    return {
      reply_topic: filter,
      correlated: Boolean(answer?.packetProperties?.correlationData && awaited.correlation),
      elapsed_ms: Math.round(performance.now() - started),
      answer: answer?.toRecord(),
    };
  },
  summarize: (out) =>
    out.answer ? `answer on ${out.reply_topic} after ${out.elapsed_ms} ms` : 'cancelled',
});
