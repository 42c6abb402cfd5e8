import { closeReasons } from "../classify/closeReasons.js";
import type { DiagnosticEvent } from "../diagnosticEvent.js";
import { diagnostics } from "../diagnostics/feature.js";
import type { Feature } from "../feature.js";
import { type HeartbeatOptions, heartbeat } from "../heartbeat/heartbeat.js";
import { platform } from "../platform/platform.js";
import { probe } from "../probe/probed.js";
import type { SocketOptions } from "../socketOptions.js";
import type { HandshakeProbe } from "../types.js";

/** The options that became features in 0.3, as the tests written before then pass them. */
export interface FeatureOptions {
  readonly heartbeat?: HeartbeatOptions;
  readonly probe?: HandshakeProbe;
  readonly onDiagnostic?: (event: DiagnosticEvent) => void;
  readonly pauseWhenHiddenMs?: number;
}

/**
 * Options with every feature on, as the socket had them all built in before 0.3: the platform and the close reasons
 * always, and the heartbeat, the probe and diagnostics when their settings are given. The behaviour tests written
 * then keep asserting what they did; only how a feature is switched on changed.
 */
export function withFeatures(options: SocketOptions & FeatureOptions = {}): SocketOptions {
  const { heartbeat: beat, probe: ask, onDiagnostic, pauseWhenHiddenMs, use = [], ...rest } = options;
  const features: Feature[] = [platform(pauseWhenHiddenMs === undefined ? {} : { pauseWhenHiddenMs }), closeReasons()];
  if (beat) features.push(heartbeat(beat));
  if (ask) features.push(probe(ask));
  if (onDiagnostic) features.push(diagnostics(onDiagnostic));
  return { ...rest, use: [...features, ...use] };
}
