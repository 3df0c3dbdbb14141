// Every detector of the findings engine, in the order they run.
import type { Detector } from '../window';
import { detectErrorMessages } from './error-messages';
import { detectFlapping } from './flapping';
import { detectFrozenValue } from './frozen-value';
import { detectMissedHeartbeat } from './missed-heartbeat';
import { detectMixedFormats } from './mixed-formats';
import { detectOffline } from './offline';
import { detectOutliers } from './outliers';
import { detectPayloadTime } from './payload-time';
import { detectRetainedCommand } from './retained-command';
import { detectSchemaDrift } from './schema-drift';
import { detectSentinels } from './sentinels';
import { detectSequenceGaps } from './sequence-gaps';
import { detectStaleRetained } from './stale-retained';
import { detectTakeover } from './takeover';

/** The detectors the engine runs over every window. */
export const DETECTORS: readonly Detector[] = [
  detectTakeover,
  detectFlapping,
  detectOffline,
  detectRetainedCommand,
  detectStaleRetained,
  detectSentinels,
  detectOutliers,
  detectFrozenValue,
  detectSchemaDrift,
  detectMixedFormats,
  detectPayloadTime,
  detectSequenceGaps,
  detectMissedHeartbeat,
  detectErrorMessages,
];
