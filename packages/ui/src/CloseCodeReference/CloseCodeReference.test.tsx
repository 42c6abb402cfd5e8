import type { CloseCodeCatalog } from "@lifeline/core/explain";
import { en } from "@lifeline/core/locales/en";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCodeReference } from "./CloseCodeReference.js";

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

const rowHeaders = () =>
  screen
    .getAllByRole("rowheader")
    .map((cell) => cell.textContent)
    .filter((text) => text !== null);

describe("CloseCodeReference", () => {
  it("lists every registered code and every range in one table, in code-space order", () => {
    render(<CloseCodeReference catalog={en} />);
    const table = screen.getByRole("table", { name: "WebSocket close codes" });
    expect(screen.getAllByRole("table")).toHaveLength(1);
    expect(within(table).getByText("WebSocket close codes").tagName).toBe("CAPTION");
    const columns = within(table).getAllByRole("columnheader");
    expect(columns.map((cell) => cell.textContent)).toEqual([
      "Code",
      "Title",
      "Meaning",
      "Lifeline's default next step",
    ]);
    expect(columns.every((cell) => cell.getAttribute("scope") === "col")).toBe(true);
    expect(rowHeaders()).toEqual([
      "0–999",
      "1000",
      "1001",
      "1002",
      "1003",
      "1004",
      "1005",
      "1006",
      "1007",
      "1008",
      "1009",
      "1010",
      "1011",
      "1012",
      "1013",
      "1014",
      "1015",
      "1016–2999",
      "3000–3999",
      "3000",
      "3003",
      "3008",
      "4000–4999",
      "≥ 5000",
    ]);
    expect(screen.getByRole("status").textContent).toBe("24 of 24 shown");
  });

  it("shows each code's title, meaning and Lifeline's default next step", () => {
    render(<CloseCodeReference catalog={en} />);
    const cells = (header: string) =>
      within(screen.getByRole("rowheader", { name: header }).closest("tr")!)
        .getAllByRole("cell")
        .map((cell) => cell.textContent);
    expect(cells("1006")).toEqual([en.codes[1006]!.title, en.codes[1006]!.meaning, "Backoff with jitter"]);
    expect(cells("1001")[2]).toBe("Soon, with a short random spread");
    expect(cells("1003")[2]).toBe("Never");
    expect(cells("1013")[2]).toBe("Slow backoff with a high floor");
    expect(cells("3000")[2]).toBe("Refresh credentials, then one try");
    expect(cells("4000–4999")).toEqual([en.ranges.private.title, en.ranges.private.meaning, "Backoff with jitter"]);
    // 3000 has its own row and policy; the range row says what happens to the other numbers in 3000–3999.
    expect(cells("3000–3999")[2]).toBe("Backoff with jitter");
    expect(cells("1016–2999")[0]).toBe(en.ranges.protocol.title);
  });

  it("filters by a code number and announces the count politely", () => {
    render(<CloseCodeReference catalog={en} />);
    const filter = screen.getByRole("searchbox", { name: "Filter by code or words" });
    expect(filter.getAttribute("type")).toBe("search");
    fireEvent.change(filter, { target: { value: "1006" } });
    expect(rowHeaders()).toEqual(["1006"]);
    expect(screen.getByRole("status").textContent).toBe("1 of 24 shown");
    fireEvent.change(filter, { target: { value: "100" } });
    expect(rowHeaders()).toEqual([
      "0–999",
      "1000",
      "1001",
      "1002",
      "1003",
      "1004",
      "1005",
      "1006",
      "1007",
      "1008",
      "1009",
    ]);
  });

  it("finds the range row for a code that has no row of its own", () => {
    render(<CloseCodeReference catalog={en} defaultQuery="4401" />);
    expect(rowHeaders()).toEqual(["4000–4999"]);
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "70000" } });
    expect(rowHeaders()).toEqual(["≥ 5000"]);
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "2500" } });
    expect(rowHeaders()).toEqual(["1016–2999"]);
  });

  it("filters by words in the title or meaning, ignoring case", () => {
    render(<CloseCodeReference catalog={en} defaultQuery="POLICY" />);
    expect(rowHeaders()).toEqual(["1008"]);
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "tls" } });
    expect(rowHeaders()).toEqual(["1015"]);
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "server restart" } });
    expect(rowHeaders()).toEqual(["1012"]);
  });

  it("says so when nothing matches", () => {
    render(<CloseCodeReference catalog={en} defaultQuery="zeppelin" />);
    expect(screen.queryAllByRole("rowheader")).toHaveLength(0);
    expect(screen.getByRole("status").textContent).toBe("0 of 24 shown");
    expect(screen.getByRole("cell").textContent).toBe("No code or range matches “zeppelin”.");
  });

  it("is Chinese all through with the zh-CN catalog, and filters Chinese words", () => {
    const { container } = render(<CloseCodeReference catalog={zhCN} defaultQuery="异常" />);
    expect(container.firstElementChild!.getAttribute("lang")).toBe("zh-CN");
    expect(screen.getByRole("table", { name: "WebSocket 关闭码" })).toBeTruthy();
    expect(screen.getAllByRole("columnheader").map((cell) => cell.textContent)).toEqual([
      "关闭码",
      "名称",
      "含义",
      "Lifeline 默认的下一步",
    ]);
    expect(screen.getByRole("searchbox", { name: "按关闭码或关键词筛选" })).toBeTruthy();
    expect(rowHeaders()).toEqual(["1006"]);
    expect(screen.getByRole("status").textContent).toBe("显示 1 条，共 24 条");
    expect(screen.getByRole("cell", { name: zhCN.compare.retry.backoff })).toBeTruthy();
  });

  it("takes label overrides and extra class names", () => {
    const { container } = render(
      <CloseCodeReference
        catalog={en}
        className="mine"
        labels={{ caption: "Close codes", count: "{shown}/{total}", openRange: "{start} and up" }}
      />,
    );
    expect(container.firstElementChild!.className).toBe("ll-close-reference mine");
    expect(container.firstElementChild!.getAttribute("lang")).toBe("en");
    expect(screen.getByRole("table", { name: "Close codes" })).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe("24/24");
    expect(screen.getByRole("rowheader", { name: "5000 and up" })).toBeTruthy();
    expect(screen.getByRole("columnheader", { name: "Meaning" })).toBeTruthy();
  });

  it("renders catalog text and the query as text, never as HTML", () => {
    const hostile: CloseCodeCatalog = {
      ...en,
      codes: { ...en.codes, 1006: { ...en.codes[1006]!, title: "<b>Abnormal</b>", meaning: "<img src=x>" } },
    };
    const { container } = render(<CloseCodeReference catalog={hostile} defaultQuery="<img" />);
    expect(container.querySelector("b, img")).toBeNull();
    expect(rowHeaders()).toEqual(["1006"]);
    expect(screen.getByRole("cell", { name: "<b>Abnormal</b>" })).toBeTruthy();
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "<script>" } });
    expect(container.querySelector("script")).toBeNull();
    expect(screen.getByRole("cell").textContent).toBe("No code or range matches “<script>”.");
  });
});
