// Detector: payload time vs receive time: clock skew, delivery lag, time going backwards, a replayed backlog.
import type { Finding } from '../finding';
import { robustCentre } from '../robust';
import type { TopicTrack } from '../topic-track';
import { duration, iso, type DiagnosisWindow } from '../window';

/** Replayed messages (arriving together, made far apart) that make a backlog. */
const MIN_REPLAYED = 5;
/** Payload-time span a replayed backlog must cover. */
const MIN_REPLAY_SPAN_MS = 10_000;
/** Messages with payload times needed for skew and order. */
const MIN_SAMPLES = 3;
/** A steady skew at least this large is a wrong clock. */
const MIN_SKEW_MS = 60_000;
/** A median delay at least this large (and not steady) is lag. */
const MIN_LAG_MS = 10_000;
/** Payload times going backwards this many times is disorder. */
const MIN_BACKWARDS = 2;

function backlog(w: DiagnosisWindow, track: TopicTrack): Finding | undefined {
  const t = track.time;
  if (t.replayed < MIN_REPLAYED || t.replayToMs - t.replayFromMs < MIN_REPLAY_SPAN_MS) return;
  return {
    kind: 'backlog_replay',
    severity: 'warning',
    subject: w.subject(track.topic),
    summary: `${track.topic} delivered ${t.replayed} messages in quick bursts whose own times span ${duration(t.replayToMs - t.replayFromMs)}${t.backwards > 0 ? `, ${t.backwards} of them out of order` : ''}: a gateway or device replaying a backlog, so receive time is not reading time.`,
    evidence: {
      replayed: t.replayed,
      out_of_order: t.backwards,
      oldest_payload_time: iso(t.replayFromMs),
      newest_payload_time: iso(t.replayToMs),
      max_delay_seconds: Math.round(t.maxSkewMs / 1000),
    },
    suggestion: `Use the payload's own time when storing these readings (sort by it), and look at why ${w.deviceOf(track.topic)} buffered them (a link outage, a slow uplink).`,
  };
}

function disorder(w: DiagnosisWindow, track: TopicTrack): Finding | undefined {
  const t = track.time;
  if (t.backwards < MIN_BACKWARDS) return;
  return {
    kind: 'time_non_monotonic',
    severity: 'warning',
    subject: w.subject(track.topic),
    summary: `${track.topic}'s payload time went backwards ${t.backwards} times (by up to ${duration(t.largestBackwardMs)}): messages arrive out of order or the device clock jumps.`,
    evidence: {
      backwards: t.backwards,
      largest_step_back_seconds: Math.round(t.largestBackwardMs / 100) / 10,
      samples: t.count,
    },
    suggestion: `Order readings by their own time when storing; check whether several publishers share the topic or the device's clock resyncs.`,
  };
}

function skewOrLag(w: DiagnosisWindow, track: TopicTrack): Finding | undefined {
  const t = track.time;
  if (t.count < MIN_SAMPLES) return;
  const { median, madn } = robustCentre(t.skews.toArray());
  const subject = w.subject(track.topic);
  const steady = madn <= Math.max(5000, 0.1 * Math.abs(median));
  if (steady && Math.abs(median) >= MIN_SKEW_MS) {
    const way = median > 0 ? 'behind' : 'ahead';
    return {
      kind: 'clock_skew',
      severity: 'warning',
      subject,
      summary: `${subject.device}'s clock is ${duration(median)} ${way}: the time in its payloads on ${track.topic} is off from the receive time by a steady ${duration(median)}.`,
      evidence: {
        skew_seconds: Math.round(median / 1000),
        direction: way,
        spread_seconds: Math.round(madn / 100) / 10,
        samples: t.count,
      },
      suggestion: `Sync ${subject.device}'s clock (NTP/SNTP server, time zone setting); until then its timestamps are wrong by ${duration(median)}.`,
    };
  }
  if (median >= MIN_LAG_MS) {
    return {
      kind: 'delivery_lag',
      severity: 'info',
      subject,
      summary: `Messages on ${track.topic} arrive about ${duration(median)} after the time in their payload (up to ${duration(t.maxSkewMs)}): queued somewhere on the way, or a drifting clock.`,
      evidence: {
        median_delay_seconds: Math.round(median / 100) / 10,
        max_delay_seconds: Math.round(t.maxSkewMs / 100) / 10,
        samples: t.count,
      },
      suggestion: `Check queues between ${subject.device} and the broker (a bridge, a gateway, QoS 1 retries) and the device clock.`,
    };
  }
  return undefined;
}

/** Topics whose payload times disagree with when they arrive. */
export function detectPayloadTime(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const track of w.tracks.values()) {
    if (track.time.count === 0) continue;
    const finding = backlog(w, track) ?? disorder(w, track) ?? skewOrLag(w, track);
    if (finding) out.push(finding);
  }
  return out;
}
