export {
  CloseCodeExplainer,
  type CloseCodeExplainerLabels,
  type CloseCodeExplainerProps,
} from "./CloseCodeExplainer.js";
