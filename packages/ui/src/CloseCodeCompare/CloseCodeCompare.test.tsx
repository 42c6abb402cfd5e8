import { en } from "@lifeline/core/locales/en";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCodeCompare } from "./CloseCodeCompare.js";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

describe("CloseCodeCompare", () => {
  it("marks every facet of 1006 vs 1008 as differing and shows the note", () => {
    const { container } = render(<CloseCodeCompare first={1006} second={1008} catalog={en} />);
    const table = screen.getByRole("table", { name: "How 1006 and 1008 compare" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.dataset.differs === "true")).toBe(true);
    const headers = within(table).getAllByRole("rowheader");
    expect(headers.map((cell) => cell.getAttribute("scope"))).toEqual(["row", "row", "row", "row"]);
    expect(headers.map((cell) => cell.textContent)).toEqual([
      "Sent by Differs",
      "Sent on the wire? Differs",
      "Server turned the client away? Differs",
      "Lifeline's default Differs",
    ]);
    expect(
      within(rows[3]!)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["Backoff with jitter", "Never"]);
    expect(container.querySelector('[data-part="note"]')!.textContent).toBe(en.pairs["1006-1008"]);
    expect(screen.getByRole("heading", { name: "The difference in short" })).toBeTruthy();
  });

  it("marks no facet as differing for two codes that share them, such as 1011 vs 1014", () => {
    const { container } = render(<CloseCodeCompare first={1011} second={1014} catalog={en} />);
    const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.dataset.differs === "false")).toBe(true);
    expect(container.querySelector('[data-differs="true"]')).toBeNull();
    expect(screen.queryByText("Differs")).toBeNull();
    // The catalog has no note on this pair, so there is no note heading either.
    expect(container.querySelector('[data-part="note"]')).toBeNull();
    expect(screen.queryByRole("heading", { name: "The difference in short" })).toBeNull();
  });

  it("puts the codes in the order given, with when you meet each and what to do after each", () => {
    render(<CloseCodeCompare first={1008} second={1006} catalog={en} />);
    expect(screen.getByRole("heading", { level: 3 }).textContent).toBe("1008 vs 1006");
    expect(
      screen
        .getAllByRole("columnheader")
        .slice(1)
        .map((cell) => cell.textContent),
    ).toEqual([`1008 ${en.codes[1008]!.title}`, `1006 ${en.codes[1006]!.title}`]);
    const subheadings = screen.getAllByRole("heading", { level: 4 }).map((node) => node.textContent);
    expect(subheadings).toEqual(["When you meet each", "The difference in short", "What to do"]);
    expect(screen.getAllByRole("term").map((node) => node.textContent)).toEqual([
      "You see 1008 when",
      "You see 1006 when",
      "After 1008",
      "After 1006",
    ]);
    expect(screen.getAllByRole("definition").map((node) => node.textContent)).toEqual([
      en.codes[1008]!.happensWhen,
      en.codes[1006]!.happensWhen,
      en.codes[1008]!.fix,
      en.codes[1006]!.fix,
    ]);
  });

  it("is Chinese all through with the zh-CN catalog", () => {
    render(<CloseCodeCompare first={1006} second={1008} catalog={zhCN} />);
    const section = screen.getByRole("region", { name: "1006 与 1008 对比" });
    expect(section.getAttribute("lang")).toBe("zh-CN");
    expect(within(section).getAllByText("不同")).toHaveLength(4);
    expect(within(section).getByText(zhCN.pairs["1006-1008"]!)).toBeTruthy();
    expect(within(section).getByRole("columnheader", { name: "对比项" })).toBeTruthy();
    expect(
      within(section)
        .getAllByRole("term")
        .map((node) => node.textContent),
    ).toEqual(["出现 1006 的情况", "出现 1008 的情况", "遇到 1006 时", "遇到 1008 时"]);
    expect(
      within(section)
        .getAllByRole("heading", { level: 4 })
        .map((node) => node.textContent),
    ).toEqual(["各自出现的场景", "区别要点", "如何处理"]);
  });

  it("explains an unregistered code with its range's text", () => {
    render(<CloseCodeCompare first={4401} second={3000} catalog={en} />);
    expect(screen.getByRole("columnheader", { name: `4401 ${en.ranges.private.title}` })).toBeTruthy();
    expect(screen.getAllByRole("definition").map((node) => node.textContent)).toEqual([
      en.ranges.private.happensWhen,
      en.codes[3000]!.happensWhen,
      en.ranges.private.fix,
      en.codes[3000]!.fix,
    ]);
  });

  it("takes a heading level, extra class names and label overrides", () => {
    render(
      <CloseCodeCompare
        first={1012}
        second={1013}
        catalog={en}
        headingLevel={2}
        className="mine"
        labels={{ title: "{first} or {second}?", differs: "Not the same" }}
      />,
    );
    const section = screen.getByRole("region", { name: "1012 or 1013?" });
    expect(section.className).toBe("ll-close-compare mine");
    expect(within(section).getByRole("heading", { level: 2 }).textContent).toBe("1012 or 1013?");
    expect(within(section).getAllByRole("heading", { level: 3 })).toHaveLength(3);
    expect(within(section).getAllByText("Not the same")).toHaveLength(1);
  });
});
