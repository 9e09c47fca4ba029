import { ButtonStyle, ComponentType, TextInputStyle } from "discord.js";
import { renderMessage, type NameBook, type RenderableMessage } from "../../../sandbox/render";

const ALICE = "100000000000000001";
const GENERAL = "200000000000000001";
const MODS = "300000000000000001";

const names: NameBook = {
  userName: (id) => (id === ALICE ? "alice" : undefined),
  channelName: (id) => (id === GENERAL ? "general" : undefined),
  roleName: (id) => (id === MODS ? "Moderators" : undefined),
};

function message(overrides: Partial<RenderableMessage>): RenderableMessage {
  return { content: "", embeds: [], components: [], ephemeral: false, ...overrides };
}

describe("renderMessage", () => {
  it("writes mentions as names, and unknown ones without their ids", () => {
    const content = `<@${ALICE}> <@!${ALICE}> in <#${GENERAL}> for <@&${MODS}>; <@100000000000000009> </warn:400000000000000001> <:wave:500000000000000001>`;
    expect(renderMessage(message({ content }), names)).toEqual([
      "@alice @alice in #general for @Moderators; @unknown-user /warn :wave:",
    ]);
  });

  it("writes Discord timestamps as UTC times", () => {
    expect(renderMessage(message({ content: "until <t:1767225600:R>" }), names)).toEqual([
      "until 2026-01-01 00:00 UTC",
    ]);
  });

  it("renders an embed as text: author, title, description, name: value fields, footer", () => {
    const lines = renderMessage(
      message({
        content: "Case 7",
        ephemeral: true,
        embeds: [
          {
            author: { name: "Warden" },
            title: "Warning",
            description: `<@${ALICE}> was warned.\nBe nice.`,
            color: 0xff0000,
            timestamp: "2026-01-01T00:00:00.000Z",
            fields: [
              { name: "Reason", value: "spam", inline: true },
              { name: "History", value: "1 warning\n2 timeouts" },
            ],
            footer: { text: "Case #7" },
          },
          { title: "Second" },
          {},
        ],
      }),
      names,
    );
    expect(lines).toEqual([
      "(only you can see this)",
      "Case 7",
      "| Warden",
      "| Warning",
      "| @alice was warned.",
      "| Be nice.",
      "| Reason: spam",
      "| History: 1 warning",
      "|   2 timeouts",
      "| -- Case #7",
      "| Second",
      "| (an empty embed)",
    ]);
  });

  it("renders buttons as [Label] per action row, links and disabled ones marked, and selects", () => {
    const components = [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: "a", label: "Next" },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            custom_id: "b",
            label: "Back",
            disabled: true,
          },
          { type: ComponentType.Button, style: ButtonStyle.Link, url: "https://x.test", label: "Docs" },
          { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: "c", emoji: { name: "🗑️" } },
        ],
      },
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: "reason",
            placeholder: "Pick a reason",
            options: [
              { label: "Spam", value: "spam" },
              { label: "Other", value: "other" },
            ],
          },
        ],
      },
      { type: ComponentType.ActionRow, components: [{ type: ComponentType.UserSelect, custom_id: "who" }] },
    ];
    expect(renderMessage(message({ content: "Choose", components }), names)).toEqual([
      "Choose",
      "[Next] [Back (disabled)] [Docs](https://x.test) [🗑️]",
      '(select "Pick a reason": Spam | Other)',
      "(select: a member)",
    ]);
  });

  it("renders layout components: text displays, separators, containers and sections", () => {
    const components = [
      {
        type: ComponentType.Container,
        components: [
          { type: ComponentType.TextDisplay, content: `Hello <@${ALICE}>` },
          { type: ComponentType.Separator },
          {
            type: ComponentType.Section,
            components: [{ type: ComponentType.TextDisplay, content: "Details" }],
            accessory: {
              type: ComponentType.Button,
              style: ButtonStyle.Primary,
              custom_id: "d",
              label: "Open",
            },
          },
        ],
      },
    ];
    expect(renderMessage(message({ components }), names)).toEqual([
      "Hello @alice",
      "---",
      "Details",
      "[Open]",
    ]);
  });

  it("renders a modal as its title and fields, with how to answer it", () => {
    const modal = {
      custom_id: "appeal:1",
      title: "Appeal",
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: "why",
              label: "Why?",
              style: TextInputStyle.Paragraph,
            },
          ],
        },
        {
          type: ComponentType.Label,
          label: "Contact",
          component: {
            type: ComponentType.TextInput,
            custom_id: "contact",
            style: TextInputStyle.Short,
            required: false,
          },
        },
      ],
    };
    expect(renderMessage(message({ modal }), names)).toEqual([
      'modal "Appeal"',
      "  why: Why? (paragraph, required)",
      "  contact: Contact (optional)",
      'answer with: submit why:"…" contact:"…"',
    ]);
  });

  it("renders autocomplete choices, and says so when a message is empty", () => {
    expect(renderMessage(message({ choices: [{ name: "Spam", value: "spam" }] }), names)).toEqual([
      "choices: Spam (spam)",
    ]);
    expect(renderMessage(message({ ephemeral: true }), names)).toEqual([
      "(only you can see this)",
      "(an empty message)",
    ]);
  });
});
