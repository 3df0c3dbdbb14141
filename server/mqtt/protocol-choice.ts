// MQTT protocol choice: `auto` tries MQTT 5 and falls back to 3.1.1 when the broker refuses the version.

/** A protocol to connect with: 4 (3.1.1), 5, or `auto` (5, else 3.1.1 when 5 is refused). */
export type ProtocolChoice = 4 | 5 | 'auto';

/** What a caller is told when `auto` fell back. */
export const FELL_BACK_NOTE =
  'the broker refused MQTT 5; fell back to MQTT 3.1.1 (protocol_version 4)';
/** What a caller is told when 3.1.1 failed the same way as 5: the version was not the cause. */
export const BOTH_FAILED_NOTE =
  'MQTT 5 failed, and MQTT 3.1.1 failed the same way: the protocol version is not the cause';

/** CONNACK codes meaning "not this protocol version": 3.1.1's 1 and MQTT 5's 0x84. */
const VERSION_CODES = new Set([1, 0x84]);
/** Socket failures of a broker that hangs up on a CONNECT it cannot parse (aedes 0.x, Mosquitto 1.x). */
const HANG_UP_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** How a connect attempt failed, as far as the version question goes. */
export interface ConnectFailure {
  /** CONNACK return / reason code, when the broker answered. */
  reasonCode?: unknown;
  /** Socket error code (ECONNRESET, …). */
  causeCode?: unknown;
  /** The connection closed before any CONNACK. */
  closedBeforeConnack?: boolean;
}

/**
 * Whether an MQTT 5 CONNECT failed because of the version: CONNACK "unacceptable / unsupported
 * protocol version", or the broker hung up on it before any CONNACK.
 */
export function refusedMqtt5(failure: ConnectFailure): boolean {
  if (typeof failure.reasonCode === 'number') return VERSION_CODES.has(failure.reasonCode);
  return failure.closedBeforeConnack === true || HANG_UP_CODES.has(String(failure.causeCode));
}

/** The outcome of negotiate(): the attempt's value, the version it used, and a note if it fell back. */
export interface Negotiated<T> {
  value: T;
  version: 4 | 5;
  note?: string;
}

/**
 * Runs `attempt` with the chosen version; for `auto`, with 5 first and again with 4 when
 * `refused` says the broker turned 5 down (from the attempt's value, or from what it threw).
 * What the last attempt throws is thrown; `note` says whether falling back helped.
 */
export async function negotiate<T>(
  choice: ProtocolChoice,
  attempt: (version: 4 | 5) => Promise<T>,
  refused: (outcome: { value: T } | { error: unknown }) => boolean,
): Promise<Negotiated<T>> {
  if (choice !== 'auto') return { value: await attempt(choice), version: choice };
  const first = await settle(() => attempt(5));
  if (!refused(first)) {
    if ('error' in first) throw first.error;
    return { value: first.value, version: 5 };
  }
  const second = await settle(() => attempt(4));
  const note = refused(second) ? BOTH_FAILED_NOTE : FELL_BACK_NOTE;
  if ('error' in second) throw second.error;
  return { value: second.value, version: 4, note };
}

async function settle<T>(run: () => Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}
