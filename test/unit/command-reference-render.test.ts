import {
  ApplicationCommandOptionType as Option,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import type { ChatInputCommandDefinition } from "../../src/bot/commands/definition";
import { Anchors } from "../../src/bot/commands/reference/markdown";
import { renderCommandReference, type ReferenceCog } from "../../src/bot/commands/reference/render";
import { slashCommand } from "../../src/bot/commands/registration";

/** A command as the lead's localisation will leave them: localised names and descriptions beside English. */
const GreetCommand = {
  name: "greet",
  name_localizations: { de: "gruessen" },
  description: "Say hello",
  description_localizations: { de: "Hallo sagen" },
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: Option.Subcommand,
      name: "wave",
      name_localizations: { de: "winken" },
      description: "Wave at someone",
      options: [
        {
          type: Option.String,
          name: "style",
          description: "How | with *stars*",
          description_localizations: { de: "Wie" },
          required: true,
          choices: [
            { name: "big", name_localizations: { de: "groß" }, value: "b" },
            { name: "a|b", value: "ab" },
          ],
        },
        { type: Option.Integer, name: "times", description: "How often", min_value: 1, max_value: 5 },
        {
          type: Option.Channel,
          name: "where",
          description: "Where",
          channel_types: [ChannelType.GuildText, ChannelType.GuildForum],
        },
        { type: Option.String, name: "note", description: "Note", min_length: 2, autocomplete: true },
      ],
    },
    {
      type: Option.SubcommandGroup,
      name: "admin",
      description: "Admin things",
      options: [{ type: Option.Subcommand, name: "reset", description: "Reset everything" }],
    },
  ],
} as const satisfies ChatInputCommandDefinition;

const SecretCommand = {
  name: "secret",
  description: "For owners",
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
} as const satisfies ChatInputCommandDefinition;

const done = () => Promise.resolve({ content: "ok" });

const COGS: readonly ReferenceCog[] = [
  {
    name: "greetings",
    database: "required",
    commands: [
      slashCommand(GreetCommand, {
        wave: { access: "moderator", botPermissions: PermissionFlagsBits.ManageMessages, run: done },
        admin: { reset: { memberPermissions: PermissionFlagsBits.Administrator, run: done } },
      }),
    ],
  },
  { name: "quiet", database: "none" },
  { name: "owners", database: "none", commands: [slashCommand(SecretCommand, done, { access: "owner" })] },
];

/** The lines under the heading of `label`, up to the next heading, with table padding collapsed. */
function section(markdown: string, label: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => /^#+ /.test(line) && line.endsWith(`\`${label}\``));
  if (start === -1) throw new Error(`no section for ${label}`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith("#"));
  return lines.slice(start + 1, end === -1 ? undefined : end).map((line) => line.replace(/ {2,}/g, " "));
}

describe("renderCommandReference", () => {
  const markdown = renderCommandReference(COGS);

  it("shows the English names and descriptions, whatever localisations a definition carries", () => {
    expect(markdown).toContain("### `/greet`\n\nSay hello\n");
    expect(markdown).toContain("#### `/greet admin`\n\nAdmin things\n");
    expect(markdown).toContain("##### `/greet admin reset`\n\nReset everything\n");
    for (const localised of ["gruessen", "Hallo", "winken", "Wie", "groß"]) {
      expect(markdown).not.toContain(localised);
    }
  });

  it("says where a command works and who may use each subcommand, from definition and policy", () => {
    expect(section(markdown, "/greet")).toEqual(
      expect.arrayContaining([
        "- **Where**: servers or DMs with Warden",
        "- **Listed by Discord for**: members with Manage Server",
      ]),
    );
    expect(section(markdown, "/greet wave")).toEqual(
      expect.arrayContaining([
        "- **Allowed by Warden**: members with Manage Server, or a moderator role",
        "- **Works**: in servers only: elsewhere Warden refuses it, its check needs a server",
        "- **Warden needs**: Manage Messages in the channel",
      ]),
    );
    expect(section(markdown, "/greet admin reset")).toContain(
      "- **Allowed by Warden**: members with Administrator and Manage Server",
    );
    const secret = section(markdown, "/secret");
    expect(secret).toContain("- **Allowed by Warden**: the bot's owners (`OWNER_IDS`)");
    expect(secret.some((line) => line.startsWith("- **Works**"))).toBe(false);
    expect(secret).toContain("No options.");
  });

  it("lists each option with its type, whether it is required, its limits and choices, escaped", () => {
    expect(section(markdown, "/greet wave")).toEqual(
      expect.arrayContaining([
        "| option | type | required | limits | description |",
        "| `style` | text | yes | one of `big` or `a\\|b` | How \\| with \\*stars\\* |",
        "| `times` | whole number | no | 1 to 5 | How often |",
        "| `where` | channel | no | text or forum channels | Where |",
        "| `note` | text | no | at least 2 characters; suggested as you type | Note |",
      ]),
    );
  });

  it("groups commands by cog in the order given, with contents linking each, and is the same every time", () => {
    expect(markdown).toContain(
      [
        "- [`greetings` cog](#greetings-cog): [`/greet`](#greet)",
        "- [`owners` cog](#owners-cog): [`/secret`](#secret)",
      ].join("\n"),
    );
    expect(markdown).not.toContain("`quiet` cog");
    expect(markdown.indexOf("## `greetings` cog")).toBeLessThan(markdown.indexOf("## `owners` cog"));
    expect(markdown).toContain("2 commands, 3 that can be run");
    expect(renderCommandReference(COGS)).toBe(markdown);
  });

  it("makes heading anchors as GitHub does, numbering repeats", () => {
    const anchors = new Anchors();
    expect(
      ["economy cog", "/economy", "/economy add", "economy", "/config dm-on-action"].map((h) =>
        anchors.take(h),
      ),
    ).toEqual(["economy-cog", "economy", "economy-add", "economy-1", "config-dm-on-action"]);
  });
});
