import { en } from "@lifeline/core/locales/en";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCodeExplainer } from "./CloseCodeExplainer.js";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

describe("CloseCodeExplainer", () => {
  it("shows the title, code, registry name and the three texts of one code", () => {
    render(<CloseCodeExplainer code={1013} catalog={en} />);
    const card = screen.getByRole("article", { name: en.codes[1013]!.title });
    expect(within(card).getByRole("heading", { level: 3 }).textContent).toBe(en.codes[1013]!.title);
    expect(within(card).getByText("1013").tagName).toBe("CODE");
    expect(within(card).getByText("Try Again Later")).toBeTruthy();
    const terms = within(card)
      .getAllByRole("term")
      .map((node) => node.textContent);
    expect(terms).toEqual(["What it means", "When it happens", "How to fix it"]);
    const definitions = within(card)
      .getAllByRole("definition")
      .map((node) => node.textContent);
    expect(definitions).toEqual([en.codes[1013]!.meaning, en.codes[1013]!.happensWhen, en.codes[1013]!.fix]);
  });

  it("is Chinese all through with the zh-CN catalog", () => {
    render(<CloseCodeExplainer code={1008} catalog={zhCN} />);
    const card = screen.getByRole("article");
    expect(card.getAttribute("lang")).toBe("zh-CN");
    expect(
      within(card)
        .getAllByRole("term")
        .map((node) => node.textContent),
    ).toEqual(["含义", "何时出现", "如何处理"]);
  });

  it("uses the range text for an unregistered code and says which range", () => {
    render(<CloseCodeExplainer code={3500} catalog={en} />);
    const card = screen.getByRole("article");
    expect(card.dataset.range).toBe("registered");
    expect(card.dataset.kind).toBe("registered");
    expect(card.textContent).toContain(en.ranges.registered.meaning);
  });

  it("takes a heading level, extra class names and label overrides", () => {
    render(
      <CloseCodeExplainer code={1000} catalog={en} headingLevel={2} className="mine" labels={{ fix: "What to do" }} />,
    );
    const card = screen.getByRole("article");
    expect(card.className).toBe("ll-close-code mine");
    expect(within(card).getByRole("heading", { level: 2 })).toBeTruthy();
    expect(within(card).getByText("What to do")).toBeTruthy();
  });
});
