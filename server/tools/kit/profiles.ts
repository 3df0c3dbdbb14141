// The contract between tools and saved broker profiles (implemented by the store in the hub).
import type { TlsMaterial } from '../../mqtt/session';

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

/** Looks up saved profiles by name. */
export interface ProfileResolver {
  resolve(name: string): ResolvedProfile | undefined;
  names(): string[];
}
