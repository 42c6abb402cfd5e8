import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Lab } from "./Lab.js";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

describe("the close-code lab", () => {
  it("classifies a rate-limit close with a hint, as the user types it", () => {
    render(<Lab />);
    fireEvent.change(screen.getByLabelText("Close code"), { target: { value: "1008" } });
    fireEvent.change(screen.getByLabelText("Reason (as the server sent it)"), {
      target: { value: "Too Many Requests; retry-after=30" },
    });
    expect(screen.getByTestId("kind").textContent).toBe("policy-violation");
    expect(screen.getByTestId("policy").textContent).toBe("rate-limited");
    expect(screen.getByTestId("retry").textContent).toBe("after-hint after 30 s");
  });

  it("stops retrying a 1006 once the user says this client closed it", () => {
    render(<Lab />);
    expect(screen.getByTestId("retry").textContent).toBe("backoff");
    fireEvent.click(screen.getByLabelText("This client called close()"));
    expect(screen.getByTestId("retry").textContent).toBe("never");
  });

  it("switches the explanation to Chinese", () => {
    render(<Lab />);
    fireEvent.change(screen.getByLabelText("Language of the explanation"), { target: { value: "zh-CN" } });
    const card = screen.getByRole("article");
    expect(card.getAttribute("lang")).toBe("zh-CN");
    expect(card.textContent).toContain("含义");
  });
});
