export {
  CloseCodeCompare,
  type CloseCodeCompareLabels,
  type CloseCodeCompareProps,
} from "./CloseCodeCompare/index.js";
export {
  CloseCodeExplainer,
  type CloseCodeExplainerLabels,
  type CloseCodeExplainerProps,
} from "./CloseCodeExplainer/index.js";
export {
  CloseCodeReference,
  type CloseCodeReferenceLabels,
  type CloseCodeReferenceProps,
} from "./CloseCodeReference/index.js";
export {
  type BannerAction,
  type BannerCase,
  type BannerDecision,
  type BannerLabelOverrides,
  type BannerLabels,
  type BannerMemory,
  type BannerSource,
  type BannerTiming,
  type BannerTone,
  ConnectionBanner,
  type ConnectionBannerProps,
  type ConnectionBannerView,
  decideBanner,
  fillLabel,
  isTrouble,
  mergeBannerLabels,
  rememberBanner,
  type UseConnectionBannerOptions,
  useConnectionBanner,
} from "./ConnectionBanner/index.js";
export {
  ConnectionTimeline,
  type ConnectionTimelineProps,
  type DiagnosticsLog,
  mergeTimelineLabels,
  type TimelineLabelOverrides,
  type TimelineLabels,
  timelineEn,
  useDiagnostics,
} from "./ConnectionTimeline/index.js";
export { LocaleProvider, type UiLocale, useUiLocale } from "./LocaleProvider.js";
export { bannerEn, uiEn } from "./locales/en.js";
