import type { Preview } from "@storybook/react-vite";
// The same plain stylesheet apps import from @lifeline/ui/styles.css.
import "../packages/ui/src/CloseCodeCompare/CloseCodeCompare.css";
import "../packages/ui/src/CloseCodeExplainer/CloseCodeExplainer.css";
import "../packages/ui/src/CloseCodeReference/CloseCodeReference.css";
import "../packages/ui/src/ConnectionBanner/ConnectionBanner.css";
import "../packages/ui/src/ConnectionTimeline/ConnectionTimeline.css";
// @lifeline/devtools/styles.css.
import "../packages/devtools/src/devtools.css";

const preview: Preview = {
  parameters: {
    // Every story is checked by axe in the test run; a violation fails it.
    a11y: { test: "error" },
    layout: "padded",
  },
};
export default preview;
