// The filters a recorder's tap subscribes for a pattern: equivalent to it, but never the same text.

/**
 * Filters that together match exactly the topics `pattern` matches, spelled so that a tool
 * subscribing `pattern` itself does not replace the tap's subscription (a broker keeps one
 * subscription per filter text): `#` becomes `+/#` (a `#` level also matches its parent), and
 * `a/#` becomes `a` and `a/+/#`. A pattern without a trailing `#` is kept as it is.
 */
export function tapFilters(pattern: string): string[] {
  if (pattern === '#') return ['+/#'];
  if (pattern.endsWith('/#')) {
    const parent = pattern.slice(0, -2);
    return [parent, `${parent}/+/#`];
  }
  return [pattern];
}
