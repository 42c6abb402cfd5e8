import { en } from "@lifeline/core/locales/en";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
// Until .storybook/preview.ts imports it with the other stylesheets; vite/client (above) types the CSS import.
import { CloseCodeCompare } from "./CloseCodeCompare.js";

const meta = {
  title: "Close codes/CloseCodeCompare",
  component: CloseCodeCompare,
  args: { first: 1006, second: 1008, catalog: en },
  argTypes: {
    catalog: { options: ["en", "zh-CN"], mapping: { en, "zh-CN": zhCN }, control: { type: "inline-radio" } },
  },
} satisfies Meta<typeof CloseCodeCompare>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The pair people confuse most: no close frame at all vs an explicit rejection. Every facet differs. */
export const AbnormalVsPolicy: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const section = canvas.getByRole("region", { name: "1006 vs 1008" });
    await expect(section).toHaveAttribute("lang", "en");
    const table = within(section).getByRole("table", { name: "How 1006 and 1008 compare" });
    await expect(within(table).getByRole("columnheader", { name: `1006 ${en.codes[1006]!.title}` })).toBeVisible();
    await expect(within(table).getAllByRole("rowheader")).toHaveLength(4);
    await expect(within(table).getAllByText("Differs")).toHaveLength(4);
    await expect(within(table).getByRole("cell", { name: "Made up locally, never sent" })).toBeVisible();
    await expect(within(section).getByRole("heading", { name: "The difference in short" })).toBeVisible();
    await expect(within(section).getByText(en.pairs["1006-1008"]!)).toBeVisible();
    await expect(within(section).getByText("You see 1008 when")).toBeVisible();
    await expect(within(section).getByText(en.codes[1008]!.fix)).toBeVisible();
  },
};

/** 1006 vs 1008 in Simplified Chinese. */
export const AbnormalVsPolicyChinese: Story = {
  args: { catalog: zhCN },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const section = canvas.getByRole("region", { name: "1006 与 1008 对比" });
    await expect(section).toHaveAttribute("lang", "zh-CN");
    await expect(within(section).getAllByText("不同")).toHaveLength(4);
    await expect(within(section).getByRole("rowheader", { name: /Lifeline 默认策略/ })).toBeVisible();
    await expect(within(section).getByRole("cell", { name: "不重连" })).toBeVisible();
    await expect(within(section).getByRole("heading", { name: "区别要点" })).toBeVisible();
    await expect(within(section).getByText(zhCN.pairs["1006-1008"]!)).toBeVisible();
    await expect(within(section).getByText("出现 1006 的情况")).toBeVisible();
    await expect(within(section).getByText(zhCN.codes[1006]!.fix)).toBeVisible();
  },
};

/** Two server errors Lifeline treats alike: no facet differs, and the catalog has no note on the pair. */
export const SharedFacets: Story = {
  args: { first: 1011, second: 1014 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const table = canvas.getByRole("table", { name: "How 1011 and 1014 compare" });
    await expect(within(table).getAllByRole("rowheader")).toHaveLength(4);
    await expect(within(table).queryByText("Differs")).toBeNull();
    await expect(canvasElement.querySelector('[data-differs="true"]')).toBeNull();
    await expect(canvas.queryByRole("heading", { name: "The difference in short" })).toBeNull();
    await expect(canvas.getByRole("heading", { name: "What to do" })).toBeVisible();
  },
};

/** An unregistered private code against a registered one: the private code is explained by its range. */
export const PrivateVsRegistered: Story = {
  args: { first: 4401, second: 3000, headingLevel: 2 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("heading", { level: 2, name: "4401 vs 3000" })).toBeVisible();
    await expect(canvas.getByRole("columnheader", { name: `4401 ${en.ranges.private.title}` })).toBeVisible();
    await expect(canvas.getByText(en.ranges.private.fix)).toBeVisible();
  },
};

/** The dark palette, chosen by `data-theme="dark"` on an ancestor; axe checks its contrast too. */
export const Dark: Story = {
  render: (args) => (
    <div data-theme="dark">
      <CloseCodeCompare {...args} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getAllByText("Differs")).toHaveLength(4);
    await expect(canvas.getByText(en.pairs["1006-1008"]!)).toBeVisible();
  },
};
