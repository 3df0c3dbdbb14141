// Validation of saved broker profile fields; every failure is INVALID_INPUT naming the field.
import { ToolError } from '../errors';
import { parseConnectionString, type BrokerAddress } from '../mqtt/connection-string';

/** What an operator saves as a broker profile; password and tls_key are write-only secrets. */
export interface ProfileInput {
  name: string;
  connection_string: string;
  username?: string;
  password?: string;
  protocol_version?: 4 | 5;
  client_id?: string;
  tls_ca?: string;
  tls_cert?: string;
  tls_key?: string;
  reject_unauthorized?: boolean;
  /** Record this broker whenever the hub runs (see the recorder). */
  record?: boolean;
}

const NAME = /^[A-Za-z0-9 _.-]{1,64}$/;
const MAX_SHORT = 256;
const MAX_PEM = 64 * 1024;

function invalid(field: string, reason: string): ToolError {
  return new ToolError('INVALID_INPUT', `${field}: ${reason}`, { argument: field });
}

/** Checks a profile name: 1-64 characters of letters, digits, space, `_`, `.` or `-`. */
export function checkName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!NAME.test(name)) {
    throw invalid('name', 'expected 1-64 characters of letters, digits, space, "_", "." or "-"');
  }
  return name;
}

/** Parses a connection string and returns it without its password, plus the password apart. */
export function splitConnectionString(value: unknown): {
  connection_string: string;
  password?: string;
  address: BrokerAddress;
} {
  if (typeof value !== 'string') throw invalid('connection_string', 'expected a string');
  const address = parseConnectionString(value);
  const bare = address.redacted.replace(/^([a-z]+:\/\/[^@/]*?):\*\*\*@/, '$1@');
  const check = parseConnectionString(bare);
  if (check.password !== undefined || bare.includes(':***@')) {
    throw invalid('connection_string', 'the password could not be separated from the address');
  }
  return { connection_string: bare, password: address.password, address };
}

/** Checks an optional text field (undefined passes, empty string means "clear"). */
export function checkText(field: string, value: unknown, max = MAX_SHORT): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, 'expected a string');
  if (value.length > max) throw invalid(field, `longer than ${max} characters`);
  if (field !== 'password' && field !== 'tls_key' && value.includes('\0')) {
    throw invalid(field, 'contains a NUL character');
  }
  return value;
}

/** Checks a PEM field (CA, certificate or key). */
export function checkPem(field: string, value: unknown): string | undefined {
  const text = checkText(field, value, MAX_PEM);
  if (text && !text.includes('-----BEGIN ')) throw invalid(field, 'expected PEM text');
  return text;
}

/** Checks the MQTT protocol version: 4 (3.1.1) or 5. */
export function checkProtocolVersion(value: unknown): 4 | 5 | undefined {
  if (value === undefined || value === null) return undefined;
  if (value !== 4 && value !== 5) throw invalid('protocol_version', 'expected 4 or 5');
  return value;
}

/** Checks the reject_unauthorized flag. */
export function checkBoolean(field: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(field, 'expected true or false');
  return value;
}
