// The server instructions: how to start, and the diagnosis playbook, in a few lines.

/** Instructions sent to every client (initialize result, or server/discover). */
export const INSTRUCTIONS = [
  'MQTT tools. Call mqtt_establish_connection (broker URL or saved profile) first and pass its session_id to the other tools; sessions outlive a conversation until their TTL (mqtt_list_active_connections lists them).',
  'Diagnosis playbook: 1) mqtt_diagnose for findings; 2) mqtt_list_topics to see what is there; 3) mqtt_debug_device for one device; 4) mqtt_monitor_performance for broker load; 5) mqtt_test_connection when connecting fails. Report the evidence, not guesses.',
  'Timed tools run for duration_seconds and report progress. Resources: mqtt://{session}/topics (inventory), mqtt://{session}/retained/{+topic} (subscribe to hear of changes), mqtt://{session}/captures/{capture} (full results). Prompts: diagnose_device, broker_health, explore_topics.',
].join('\n');
