import { en } from "@lifeline/core/locales/en";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
// Until .storybook/preview.ts imports it with the other stylesheets; vite/client (above) types the CSS import.
import { CloseCodeReference } from "./CloseCodeReference.js";

const meta = {
  title: "Close codes/CloseCodeReference",
  component: CloseCodeReference,
  args: { catalog: en },
  argTypes: {
    catalog: { options: ["en", "zh-CN"], mapping: { en, "zh-CN": zhCN }, control: { type: "inline-radio" } },
  },
} satisfies Meta<typeof CloseCodeReference>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Every registered code and every range; typing in the filter narrows the rows and updates the polite count. */
export const English: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const table = canvas.getByRole("table", { name: "WebSocket close codes" });
    await expect(within(table).getAllByRole("columnheader")).toHaveLength(4);
    await expect(within(table).getAllByRole("rowheader")).toHaveLength(24);
    await expect(within(table).getByRole("rowheader", { name: "1016–2999" })).toBeVisible();
    await expect(within(table).getByRole("rowheader", { name: "≥ 5000" })).toBeVisible();
    await expect(canvas.getByRole("status")).toHaveTextContent("24 of 24 shown");
    await userEvent.type(canvas.getByRole("searchbox", { name: "Filter by code or words" }), "1006");
    await expect(canvas.getByRole("status")).toHaveTextContent("1 of 24 shown");
    const row = within(table).getByRole("rowheader", { name: "1006" }).closest("tr")!;
    await expect(row).toHaveTextContent(en.codes[1006]!.title);
    await expect(row).toHaveTextContent("Backoff with jitter");
  },
};

/** The same table with the zh-CN catalog: every label, title and next step in Simplified Chinese. */
export const Chinese: Story = {
  args: { catalog: zhCN },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const table = canvas.getByRole("table", { name: "WebSocket 关闭码" });
    await expect(canvasElement.querySelector(".ll-close-reference")).toHaveAttribute("lang", "zh-CN");
    await expect(within(table).getByRole("columnheader", { name: "含义" })).toBeVisible();
    await expect(canvas.getByRole("status")).toHaveTextContent("显示 24 条，共 24 条");
    await userEvent.type(canvas.getByRole("searchbox", { name: "按关闭码或关键词筛选" }), "异常");
    await expect(canvas.getByRole("status")).toHaveTextContent("显示 1 条，共 24 条");
    await expect(within(table).getByRole("rowheader", { name: "1006" })).toBeVisible();
    await expect(within(table).getByText(zhCN.codes[1006]!.title)).toBeVisible();
  },
};

/** A code without a row of its own finds its range: 4401 is a private code. */
export const FilteredToARange: Story = {
  args: { defaultQuery: "4401" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("searchbox")).toHaveValue("4401");
    await expect(canvas.getByRole("status")).toHaveTextContent("1 of 24 shown");
    await expect(canvas.getByRole("rowheader", { name: "4000–4999" })).toBeVisible();
    await expect(canvas.getByText(en.ranges.private.title)).toBeVisible();
  },
};

/** Words match titles and meanings in any case; nothing matching leaves a message in the table. */
export const NoMatches: Story = {
  args: { defaultQuery: "zeppelin" },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("status")).toHaveTextContent("0 of 24 shown");
    await expect(canvas.getByRole("cell")).toHaveTextContent("No code or range matches “zeppelin”.");
    await userEvent.clear(canvas.getByRole("searchbox"));
    await userEvent.type(canvas.getByRole("searchbox"), "PROTOCOL");
    await expect(canvas.getByRole("rowheader", { name: "1002" })).toBeVisible();
  },
};

/** English and Chinese one above the other, both filtered to the policy codes: where QA compares translations. */
export const BothLanguages: Story = {
  render: (args) => (
    <div style={{ display: "grid", gap: "2rem" }}>
      <CloseCodeReference {...args} catalog={en} defaultQuery="1008" />
      <CloseCodeReference {...args} catalog={zhCN} defaultQuery="1008" />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const [english, chinese] = canvas.getAllByRole("table");
    await expect(english).toHaveAccessibleName("WebSocket close codes");
    await expect(chinese).toHaveAccessibleName("WebSocket 关闭码");
    await expect(within(english!).getByText(en.codes[1008]!.title)).toBeVisible();
    await expect(within(chinese!).getByText(zhCN.codes[1008]!.title)).toBeVisible();
    await expect(within(english!).getByText("Never")).toBeVisible();
    await expect(within(chinese!).getByText("不重连")).toBeVisible();
    const [englishCount, chineseCount] = canvas.getAllByRole("status");
    await expect(englishCount).toHaveTextContent("1 of 24 shown");
    await expect(chineseCount).toHaveTextContent("显示 1 条，共 24 条");
  },
};

/** The dark palette, chosen by `data-theme="dark"` on an ancestor; axe checks its contrast too. */
export const Dark: Story = {
  args: { defaultQuery: "10" },
  render: (args) => (
    <div data-theme="dark">
      <CloseCodeReference {...args} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("status")).toHaveTextContent("18 of 24 shown");
    await expect(canvas.getByRole("rowheader", { name: "1016–2999" })).toBeVisible();
  },
};
