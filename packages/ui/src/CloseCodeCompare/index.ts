export { CloseCodeCompare, type CloseCodeCompareLabels, type CloseCodeCompareProps } from "./CloseCodeCompare.js";
