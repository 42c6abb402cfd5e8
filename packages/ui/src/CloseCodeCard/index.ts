export {
  CloseCodeCard,
  type CloseCodeCardLabels,
  type CloseCodeCardProps,
  closeCodeCardLabels,
} from "./CloseCodeCard.js";
