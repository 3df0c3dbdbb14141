// The contract between tools and saved broker profiles (the store's ProfileRepo provides it in the hub).
import type { ResolvedProfile } from '../../store/profiles';

/** Looks up saved profiles by name. */
export interface ProfileResolver {
  resolve(name: string): ResolvedProfile | undefined;
  names(): string[];
}
