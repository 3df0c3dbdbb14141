// The header by which the stdio bridge names itself to the hub, so the journal shows the real caller.

/** Header naming the caller of an MCP HTTP session. */
export const CALLER_HEADER = 'x-mqtt-mcp-caller';
