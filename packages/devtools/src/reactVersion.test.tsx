import { version } from "react";
import { version as domVersion } from "react-dom";
import { describe, expect, it } from "vitest";

// Guards the test matrix itself: each project (vitest.config.ts) must really run the React it is named after.
describe("the React under test", () => {
  it("is the major version the project expects, with a matching react-dom", () => {
    expect(["18", "19"]).toContain(process.env.EXPECTED_REACT);
    expect(version.split(".")[0]).toBe(process.env.EXPECTED_REACT);
    expect(domVersion).toBe(version);
  });
});
