export {
  CloseCodeReference,
  type CloseCodeReferenceLabels,
  type CloseCodeReferenceProps,
} from "./CloseCodeReference.js";
