export {
  type BannerAction,
  type BannerCase,
  type BannerDecision,
  type BannerMemory,
  type BannerTiming,
  type BannerTone,
  decideBanner,
  isTrouble,
  rememberBanner,
} from "./bannerState.js";
export { ConnectionBanner, type ConnectionBannerProps } from "./ConnectionBanner.js";
export { type BannerLabelOverrides, type BannerLabels, fillLabel, mergeBannerLabels } from "./labels.js";
export {
  type BannerSource,
  type ConnectionBannerView,
  type UseConnectionBannerOptions,
  useConnectionBanner,
} from "./useConnectionBanner.js";
