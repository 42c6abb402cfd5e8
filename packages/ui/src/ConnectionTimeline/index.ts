export { ConnectionTimeline, type ConnectionTimelineProps } from "./ConnectionTimeline.js";
export { mergeTimelineLabels, type TimelineLabelOverrides, type TimelineLabels, timelineEn } from "./labels.js";
export { type DiagnosticsLog, useDiagnostics } from "./useDiagnostics.js";
