import { createSocket } from "@lifeline/core";
import { browser } from "@lifeline/core/browser";
import { en } from "@lifeline/core/locales/en";
import { createFakeWebSocket } from "@lifeline/testing";
import { cleanup, render } from "@testing-library/react";
import { createRef, version } from "react";
import { afterEach, expect, it } from "vitest";
import { CloseCodeCompare } from "./CloseCodeCompare/index.js";
import { CloseCodeExplainer } from "./CloseCodeExplainer/index.js";
import { CloseCodeReference } from "./CloseCodeReference/index.js";
import { ConnectionBanner } from "./ConnectionBanner/index.js";
import { ConnectionTimeline } from "./ConnectionTimeline/index.js";

// Runs on React 19 and on React 18 (vitest.config.ts). React 19 passes `ref` as a prop; React 18 drops it unless
// the component is wrapped in forwardRef, so without it every ref below would stay null there.
afterEach(cleanup);

it(`runs on the React it says (${process.env.EXPECTED_REACT ?? "19"})`, () => {
  expect(version.split(".")[0]).toBe(process.env.EXPECTED_REACT ?? "19");
});

it("forwards a ref to the root element of every component", () => {
  const socket = createSocket("wss://x.test", {
    use: [browser()],
    autoConnect: false,
    environment: { WebSocket: createFakeWebSocket().WebSocket },
  });
  const banner = createRef<HTMLElement>();
  const timeline = createRef<HTMLDivElement>();
  const reference = createRef<HTMLDivElement>();
  const compare = createRef<HTMLElement>();
  const explainer = createRef<HTMLElement>();
  render(
    <>
      <ConnectionBanner ref={banner} source={socket} />
      <ConnectionTimeline ref={timeline} entries={[]} />
      <CloseCodeReference ref={reference} catalog={en} />
      <CloseCodeCompare ref={compare} first={1006} second={1008} catalog={en} />
      <CloseCodeExplainer ref={explainer} code={1006} catalog={en} />
    </>,
  );
  expect(banner.current?.tagName).toBe("SECTION");
  expect(banner.current?.classList.contains("ll-banner")).toBe(true);
  expect(timeline.current?.classList.contains("ll-timeline")).toBe(true);
  expect(reference.current?.tagName).toBe("DIV");
  expect(compare.current?.tagName).toBe("SECTION");
  expect(explainer.current?.tagName).toBe("ARTICLE");
});
