// What mqtt_test_connection tests: exactly one of an open session or a temporary client on a string.
import type { ConnectOutcome } from '../../analysis/connection-verdict';
import { ToolError } from '../../errors';
import { parseConnectionString, usesTls, type BrokerAddress } from '../../mqtt/connection-string';
import { clientLink, sessionLink, type MessageLink } from '../../mqtt/message-link';
import { connectRaw, type RawConnect } from '../../probes/probe-connection';
import { negotiate, refusedMqtt5, type ProtocolChoice } from '../../mqtt/protocol-choice';
import type { Session } from '../../mqtt/session';
import type { SessionManager } from '../../mqtt/session-manager';

const SESSION_NOTE =
  'the session connection was already open: connect times are not measured; test its connection_string for them';

/** The target arguments of mqtt_test_connection. */
export interface TargetArgs {
  session_id?: string;
  connection_string?: string;
  protocol_version?: ProtocolChoice;
  tls_ca?: string;
  reject_unauthorized?: boolean;
}

/** The target under test, how its connection stands, and the link to test it over (when up). */
export interface Target {
  address: BrokerAddress;
  protocolVersion: 4 | 5;
  outcome: ConnectOutcome;
  tls: boolean;
  /** Whether the broker certificate is verified; null without TLS. */
  tlsVerified: boolean | null;
  session?: Session;
  raw?: RawConnect;
  link?: MessageLink;
  note?: string;
}

/** Requires exactly one target, and no connection options alongside a session. */
export function validateTarget(args: TargetArgs): void {
  if ((args.session_id === undefined) === (args.connection_string === undefined)) {
    throw new ToolError(
      'INVALID_INPUT',
      args.session_id === undefined
        ? 'session_id or connection_string: give exactly one (neither was given)'
        : 'session_id and connection_string: give exactly one, not both',
      { argument: 'connection_string' },
    );
  }
  if (args.session_id === undefined) return;
  const extra = (['protocol_version', 'tls_ca', 'reject_unauthorized'] as const).find(
    (k) => args[k] !== undefined,
  );
  if (extra) {
    throw new ToolError(
      'INVALID_INPUT',
      `${extra}: applies to connection_string only; a session keeps the settings it was opened with`,
      { argument: extra },
    );
  }
}

/** The session named by the arguments, or a temporary client connected to their string. */
export async function resolveTarget(
  args: TargetArgs,
  sessions: SessionManager,
  timeoutMs: number,
): Promise<Target> {
  if (args.session_id !== undefined) {
    const session = sessions.get(args.session_id);
    const { address, protocolVersion, tls } = session.options;
    const connected = session.state === 'connected';
    return {
      address,
      protocolVersion,
      outcome: connected ? 'connected' : 'not_connected',
      tls: usesTls(address),
      tlsVerified: usesTls(address) ? (tls?.rejectUnauthorized ?? true) : null,
      session,
      link: connected ? sessionLink(session) : undefined,
      note: SESSION_NOTE,
    };
  }
  const address = parseConnectionString(args.connection_string ?? '');
  const notes: string[] = [];
  if (address.clientId) {
    notes.push(
      `the client id "${address.clientId}" in the connection string was not used, so that the test cannot disconnect a live client with that id`,
    );
  }
  if (!usesTls(address) && (args.tls_ca !== undefined || args.reject_unauthorized !== undefined)) {
    notes.push(
      'tls_ca and reject_unauthorized apply to mqtts:// and wss:// only; they were ignored',
    );
  }
  const {
    value: raw,
    version,
    note,
  } = await negotiate(
    args.protocol_version ?? 'auto',
    (protocolVersion) =>
      connectRaw(address, {
        protocolVersion,
        ca: args.tls_ca,
        rejectUnauthorized: args.reject_unauthorized ?? true,
        timeoutMs,
      }),
    (attempt) =>
      'value' in attempt &&
      refusedMqtt5({
        reasonCode: attempt.value.reasonCode,
        closedBeforeConnack:
          attempt.value.outcome === 'closed' || attempt.value.outcome === 'reset',
      }),
  );
  if (note) notes.push(note);
  return {
    address,
    protocolVersion: version,
    outcome: raw.outcome,
    tls: usesTls(address),
    tlsVerified: usesTls(address) ? (args.reject_unauthorized ?? true) : null,
    raw,
    link: raw.client && clientLink(raw.client, address.redacted),
    note: notes.length > 0 ? notes.join('; ') : undefined,
  };
}
