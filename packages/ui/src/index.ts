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
  type BannerMemory,
  type BannerTiming,
  type BannerTone,
  decideBanner,
  rememberBanner,
} from "./ConnectionBanner/bannerState.js";
