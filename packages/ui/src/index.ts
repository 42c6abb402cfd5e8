export {
  CloseCodeCard,
  type CloseCodeCardLabels,
  type CloseCodeCardProps,
  closeCodeCardLabels,
} from "./CloseCodeCard/index.js";
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
  mergeBannerLabels,
  rememberBanner,
  type UseConnectionBannerOptions,
  useConnectionBanner,
} from "./ConnectionBanner/index.js";
export { bannerEn } from "./locales/en.js";
