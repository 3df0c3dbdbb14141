// The request header the console's own API client sends on every call: proof that the caller is not a foreign page.

/**
 * Header the console sends with every console API call (value `1`). A foreign page cannot send
 * it: a custom header makes the browser ask first (a CORS preflight), which this server never grants.
 */
export const CONSOLE_HEADER = 'x-mqtt-mcp-console';

/** Its name as a type: the console (which imports only types from server/) spells it with this. */
export type ConsoleHeader = typeof CONSOLE_HEADER;
