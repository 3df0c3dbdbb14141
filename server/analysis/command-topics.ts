// Recognises command topics (`…/set`, `cmnd/…`, `…/command`), where a retained message re-fires (pure).

/*
 * A topic is a command topic when any level is one of set, cmd, cmnd, command, commands, write,
 * control, ctrl, rpc (case-insensitive: Homie and zigbee2mqtt `…/set`, Tasmota `cmnd/…`,
 * ESPHome `…/command`), or when its last level starts with set_, set-, cmd_ or cmd- (`set_mode`).
 */
const COMMAND_LEVEL = /^(set|cmd|cmnd|command|commands|write|control|ctrl|rpc)$/i;
const COMMAND_PREFIX = /^(set|cmd)[_-]/i;

/** Whether a topic carries commands to a device rather than its state. */
export function isCommandTopic(topic: string): boolean {
  if (topic.startsWith('$')) return false;
  const levels = topic.split('/');
  return (
    levels.some((level) => COMMAND_LEVEL.test(level)) ||
    COMMAND_PREFIX.test(levels.at(-1) as string)
  );
}
