// Saved broker profiles: secrets (password, TLS key) encrypted at rest, never returned in a view.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ToolError } from '../errors';
import { redactText } from '../redact';
import type { TlsMaterial } from '../mqtt/session';
import type { Database } from './db';
import {
  checkBoolean,
  checkName,
  checkPem,
  checkProtocolVersion,
  checkText,
  splitConnectionString,
  type ProfileInput,
} from './profile-input';
import type { SecretBox } from './secret-box';

/** Re-exported so callers import the profile types from one module. */
export type { ProfileInput } from './profile-input';

/** A saved broker with its secrets, as a tool needs it to connect. */
export interface ResolvedProfile {
  name: string;
  connectionString: string;
  username?: string;
  password?: string;
  protocolVersion?: 4 | 5;
  clientId?: string;
  tls?: TlsMaterial;
}

/** A profile as the console and API see it: no secret, only whether one is saved. */
export interface ProfileView {
  id: string;
  name: string;
  /** The broker address without any password. */
  connection_string: string;
  username: string | null;
  has_password: boolean;
  protocol_version: 4 | 5 | null;
  client_id: string | null;
  tls_ca: string | null;
  tls_cert: string | null;
  has_tls_key: boolean;
  reject_unauthorized: boolean;
  /** Recorded whenever the hub runs. */
  record: boolean;
  created_at: string;
  updated_at: string;
}

interface ProfileRow {
  id: string;
  name: string;
  connection_string: string;
  username: string | null;
  password_enc: string | null;
  protocol_version: 4 | 5 | null;
  client_id: string | null;
  tls_ca: string | null;
  tls_cert: string | null;
  tls_key_enc: string | null;
  reject_unauthorized: number;
  record: number;
  created_at: string;
  updated_at: string;
}

function toView(row: ProfileRow): ProfileView {
  return {
    id: row.id,
    name: row.name,
    connection_string: redactText(row.connection_string),
    username: row.username,
    has_password: row.password_enc !== null,
    protocol_version: row.protocol_version,
    client_id: row.client_id,
    tls_ca: row.tls_ca,
    tls_cert: row.tls_cert,
    has_tls_key: row.tls_key_enc !== null,
    reject_unauthorized: row.reject_unauthorized !== 0,
    record: row.record !== 0,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** Empty string or null means "none". */
function orNull(value: string | undefined | null): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

/** Profile CRUD for the console, and the tools' ProfileResolver (connect by profile name). */
export class ProfileRepo {
  constructor(
    private readonly db: Database,
    private readonly box: SecretBox,
    private readonly log?: Logger,
  ) {}

  /** Every profile, by name. */
  list(): ProfileView[] {
    const rows = this.db
      .prepare('SELECT * FROM profiles ORDER BY name COLLATE NOCASE')
      .all() as ProfileRow[];
    return rows.map(toView);
  }

  /** Profiles marked to be recorded, by name. */
  recorded(): ProfileView[] {
    return this.list().filter((p) => p.record);
  }

  /** One profile by id, or undefined. */
  get(id: string): ProfileView | undefined {
    const row = this.row(id);
    return row ? toView(row) : undefined;
  }

  /** Saves a new profile; INVALID_INPUT naming the field (duplicate names included). */
  create(input: ProfileInput): ProfileView {
    const now = new Date().toISOString();
    const row = this.build(input, undefined, now);
    this.write('INSERT', row);
    return toView(row);
  }

  /** Changes a profile; an omitted secret is kept, an empty one cleared; NOT_FOUND on unknown id. */
  update(id: string, patch: Partial<ProfileInput>): ProfileView {
    const current = this.row(id);
    if (!current) throw this.notFound(id);
    const row = this.build(patch, current, new Date().toISOString());
    this.write('UPDATE', row);
    return toView(row);
  }

  /** Deletes a profile; false when there was none with that id. */
  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0;
  }

  /** A profile by name (case-insensitive) with its secrets decrypted, for connecting. */
  resolve(name: string): ResolvedProfile | undefined {
    let row: ProfileRow | undefined;
    try {
      row = this.db.prepare('SELECT * FROM profiles WHERE name = ? COLLATE NOCASE').get(name) as
        ProfileRow | undefined;
    } catch (err) {
      this.log?.error({ err }, 'profile lookup failed');
      return undefined;
    }
    if (!row) return undefined;
    const password = this.box.decrypt(row.password_enc);
    const key = this.box.decrypt(row.tls_key_enc);
    if ((row.password_enc && password === undefined) || (row.tls_key_enc && key === undefined)) {
      this.log?.warn(
        { profile: row.name },
        'a saved profile secret could not be decrypted (secret.key missing or replaced); connecting without it',
      );
    }
    const hasTls =
      row.tls_ca !== null || row.tls_cert !== null || key !== undefined || !row.reject_unauthorized;
    return {
      name: row.name,
      connectionString: row.connection_string,
      ...(row.username !== null ? { username: row.username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(row.protocol_version !== null ? { protocolVersion: row.protocol_version } : {}),
      ...(row.client_id !== null ? { clientId: row.client_id } : {}),
      ...(hasTls
        ? {
            tls: {
              ...(row.tls_ca !== null ? { ca: row.tls_ca } : {}),
              ...(row.tls_cert !== null ? { cert: row.tls_cert } : {}),
              ...(key !== undefined ? { key } : {}),
              rejectUnauthorized: row.reject_unauthorized !== 0,
            },
          }
        : {}),
    };
  }

  /** Names of every saved profile (empty when the store cannot be read). */
  names(): string[] {
    try {
      return (
        this.db.prepare('SELECT name FROM profiles ORDER BY name COLLATE NOCASE').all() as {
          name: string;
        }[]
      ).map((r) => r.name);
    } catch (err) {
      this.log?.error({ err }, 'profile listing failed');
      return [];
    }
  }

  private row(id: string): ProfileRow | undefined {
    return this.db.prepare('SELECT * FROM profiles WHERE id = ?').get(id) as ProfileRow | undefined;
  }

  private notFound(id: string): ToolError {
    return new ToolError('NOT_FOUND', `no saved broker profile with id "${id}"`, {
      argument: 'id',
    });
  }

  /** Validates input merged over the current row (if any) and encrypts the secrets. */
  private build(
    input: Partial<ProfileInput>,
    current: ProfileRow | undefined,
    now: string,
  ): ProfileRow {
    const name = input.name !== undefined || !current ? checkName(input.name) : current.name;
    const split =
      input.connection_string !== undefined || !current
        ? splitConnectionString(input.connection_string)
        : undefined;
    const username = checkText('username', input.username);
    const password = checkText('password', input.password, 1024);
    const clientId = checkText('client_id', input.client_id);
    const tlsCa = checkPem('tls_ca', input.tls_ca);
    const tlsCert = checkPem('tls_cert', input.tls_cert);
    const tlsKey = checkPem('tls_key', input.tls_key);
    const version = checkProtocolVersion(input.protocol_version);
    const reject = checkBoolean('reject_unauthorized', input.reject_unauthorized);
    const record = checkBoolean('record', input.record);
    const secret = (plain: string | undefined, old: string | null | undefined): string | null => {
      if (plain === undefined) return old ?? null;
      return plain === '' ? null : this.box.encrypt(plain);
    };
    const row: ProfileRow = {
      id: current?.id ?? randomUUID(),
      name,
      connection_string: split?.connection_string ?? current?.connection_string ?? '',
      username: username !== undefined ? orNull(username) : (current?.username ?? null),
      password_enc: secret(password ?? split?.password, current?.password_enc),
      protocol_version:
        input.protocol_version === undefined
          ? (current?.protocol_version ?? null)
          : (version ?? null),
      client_id: clientId !== undefined ? orNull(clientId) : (current?.client_id ?? null),
      tls_ca: tlsCa !== undefined ? orNull(tlsCa) : (current?.tls_ca ?? null),
      tls_cert: tlsCert !== undefined ? orNull(tlsCert) : (current?.tls_cert ?? null),
      tls_key_enc: secret(tlsKey, current?.tls_key_enc),
      reject_unauthorized:
        reject !== undefined ? (reject ? 1 : 0) : (current?.reject_unauthorized ?? 1),
      record: record !== undefined ? (record ? 1 : 0) : (current?.record ?? 0),
      created_at: current?.created_at ?? now,
      updated_at: now,
    };
    if ((row.tls_cert === null) !== (row.tls_key_enc === null)) {
      const field = row.tls_cert === null ? 'tls_cert' : 'tls_key';
      throw new ToolError(
        'INVALID_INPUT',
        `${field}: tls_cert and tls_key must be saved together`,
        {
          argument: field,
        },
      );
    }
    return row;
  }

  /** Inserts or updates a row, turning a name clash into INVALID_INPUT naming `name`. */
  private write(mode: 'INSERT' | 'UPDATE', row: ProfileRow): void {
    const clash = this.db
      .prepare('SELECT id FROM profiles WHERE name = ? COLLATE NOCASE AND id <> ?')
      .get(row.name, row.id);
    if (clash) throw this.duplicate(row.name);
    try {
      if (mode === 'INSERT') {
        this.db
          .prepare(
            `INSERT INTO profiles (id, name, connection_string, username, password_enc, protocol_version, client_id, tls_ca, tls_cert, tls_key_enc, reject_unauthorized, record, created_at, updated_at)
             VALUES (@id, @name, @connection_string, @username, @password_enc, @protocol_version, @client_id, @tls_ca, @tls_cert, @tls_key_enc, @reject_unauthorized, @record, @created_at, @updated_at)`,
          )
          .run(row);
      } else {
        this.db
          .prepare(
            `UPDATE profiles SET name = @name, connection_string = @connection_string, username = @username,
               password_enc = @password_enc, protocol_version = @protocol_version, client_id = @client_id,
               tls_ca = @tls_ca, tls_cert = @tls_cert, tls_key_enc = @tls_key_enc,
               reject_unauthorized = @reject_unauthorized, record = @record, updated_at = @updated_at
             WHERE id = @id`,
          )
          .run(row);
      }
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw this.duplicate(row.name);
      }
      throw err;
    }
  }

  private duplicate(name: string): ToolError {
    return new ToolError('INVALID_INPUT', `name: a profile named "${name}" already exists`, {
      argument: 'name',
    });
  }
}
