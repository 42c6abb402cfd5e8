import { en } from "@lifeline/core/locales/en";
import { zhCN } from "@lifeline/core/locales/zh-CN";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { CloseCodeExplainer } from "./CloseCodeExplainer.js";

const meta = {
  title: "Close codes/CloseCodeExplainer",
  component: CloseCodeExplainer,
  args: { code: 1006, catalog: en },
  argTypes: {
    catalog: { options: ["en", "zh-CN"], mapping: { en, "zh-CN": zhCN }, control: { type: "inline-radio" } },
  },
} satisfies Meta<typeof CloseCodeExplainer>;
export default meta;
type Story = StoryObj<typeof meta>;

/** 1006 side by side in English and Simplified Chinese: the first story, and the one QA compares translations in. */
export const BothLanguages: Story = {
  render: (args) => (
    <div style={{ display: "grid", gap: "1rem", gridTemplateColumns: "repeat(auto-fit, minmax(18rem, 1fr))" }}>
      <CloseCodeExplainer {...args} catalog={en} />
      <CloseCodeExplainer {...args} catalog={zhCN} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const [english, chinese] = canvas.getAllByRole("article");
    await expect(english).toHaveAttribute("lang", "en");
    await expect(chinese).toHaveAttribute("lang", "zh-CN");
    await expect(within(english!).getByRole("heading", { name: en.codes[1006]!.title })).toBeVisible();
    await expect(within(chinese!).getByRole("heading", { name: zhCN.codes[1006]!.title })).toBeVisible();
    await expect(english).toHaveTextContent(en.codes[1006]!.meaning);
    await expect(chinese).toHaveTextContent(zhCN.codes[1006]!.fix);
    await expect(within(english!).getByText("How to fix it")).toBeVisible();
    await expect(within(chinese!).getByText("如何处理")).toBeVisible();
    // The registry name stays English in both, and is marked as such for screen readers.
    await expect(within(chinese!).getByText("Abnormal Closure")).toHaveAttribute("lang", "en");
  },
};

export const PolicyViolation: Story = {
  args: { code: 1008 },
  play: async ({ canvasElement }) => {
    const card = within(canvasElement).getByRole("article", { name: en.codes[1008]!.title });
    await expect(card).toHaveAttribute("data-kind", "policy-violation");
    await expect(within(card).getByText("1008")).toBeVisible();
  },
};

/** A code with no registry entry falls back to its range's text. */
export const PrivateRangeCode: Story = {
  args: { code: 4429, catalog: zhCN },
  play: async ({ canvasElement }) => {
    const card = within(canvasElement).getByRole("article");
    await expect(card).toHaveAttribute("data-range", "private");
    await expect(card).toHaveTextContent(zhCN.ranges.private.meaning);
  },
};
