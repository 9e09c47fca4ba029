import { rule } from "../../src/validation";
import { IsString, MaxLength, NotContains } from "class-validator";
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  GatewayIntentBits,
  ModalBuilder,
  PermissionFlagsBits,
  TextInputBuilder,
  TextInputStyle,
  type GuildMember,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import { listener, type Cog } from "../../src/bot/cog";
import type { ChatInputCommandDefinition } from "../../src/bot/commands/definition";
import { componentHandler, modalHandler, slashCommand } from "../../src/bot/commands/registration";
import { durationOption, MAX_TIMEOUT_MS } from "../../src/bot/duration";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";

/** Commands that exist only to drive the router through its paths in end-to-end tests. */
export const TestCommand = {
  name: "test",
  description: "Router test paths",
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "throw",
      description: "Throws an unexpected error",
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "slow",
      description: "Answers after a delay",
      options: [
        { type: ApplicationCommandOptionType.Integer, name: "ms", description: "delay", required: true },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "echo",
      description: "Echoes its arguments",
      options: [
        { type: ApplicationCommandOptionType.String, name: "text", description: "text", required: true },
        { type: ApplicationCommandOptionType.User, name: "user", description: "someone" },
        { type: ApplicationCommandOptionType.String, name: "duration", description: "e.g. 1h30m" },
        {
          type: ApplicationCommandOptionType.String,
          name: "mood",
          description: "a choice",
          choices: [
            { name: "Happy", value: "happy" },
            { name: "Sad", value: "sad" },
          ],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: "db",
      description: "Database paths",
      options: [
        { type: ApplicationCommandOptionType.Subcommand, name: "roles", description: "Moderator roles" },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: "buttons", description: "A counter button" },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "search",
      description: "Autocompletes a fruit",
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: "fruit",
          description: "fruit",
          autocomplete: true,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: "prune",
      description: "Needs a permission the bot lacks",
    },
    { type: ApplicationCommandOptionType.Subcommand, name: "form", description: "Opens a modal" },
  ],
} as const satisfies ChatInputCommandDefinition;

export const ModOnlyCommand = {
  name: "modonly",
  description: "Needs Timeout Members or a moderator role",
  default_member_permissions: String(PermissionFlagsBits.ModerateMembers),
} as const satisfies ChatInputCommandDefinition;

export const OwnerOnlyCommand = {
  name: "owneronly",
  description: "Only for OWNER_IDS",
} as const satisfies ChatInputCommandDefinition;

export class EchoArgs {
  @IsString()
  @MaxLength(50)
  @NotContains("forbidden", { message: rule("validation.bad_format") })
  text!: string;
}

function describeMember(member: GuildMember | null): string {
  if (!member) return "not a member";
  const roles = member.roles.cache.filter((role) => role.id !== member.guild.id).map((role) => role.name);
  return `member of ${roles.join(", ") || "no roles"}`;
}

@injectable()
export class TestCog implements Cog {
  readonly name = "test";
  readonly database = "optional";
  readonly intents = [GatewayIntentBits.GuildModeration];
  readonly events: string[] = [];
  dbReadyCalls = 0;
  readonly commands = [
    slashCommand(
      TestCommand,
      {
        throw: () => Promise.reject(new Error("boom: an internal detail")),
        slow: async (_context, { ms }) => {
          await new Promise((resolve) => setTimeout(resolve, ms));
          return { content: `done after ${ms} ms` };
        },
        echo: {
          dto: EchoArgs,
          run: (_context, { text, user, duration, mood }) =>
            Promise.resolve({
              content: [
                `text=${text}`,
                `user=${user ? `${user.user.username} (${describeMember(user.member)})` : "none"}`,
                `duration=${duration ?? "none"}`,
                `mood=${mood ?? "none"}`,
              ].join(" "),
              ...(user ? { mentions: { users: [user.user.id] } } : {}),
            }),
        },
        db: {
          roles: async (context) => {
            const config = await this.configs.get(context.guildId ?? "0");
            return { content: `moderator roles: ${config.moderatorRoleIds.length}`, ephemeral: true };
          },
        },
        search: (_context, { fruit }) => Promise.resolve({ content: `picked ${fruit ?? "nothing"}` }),
        prune: {
          botPermissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.BanMembers,
          run: () => Promise.resolve({ content: "pruned" }),
        },
        buttons: () =>
          Promise.resolve({
            content: "count 0",
            components: [counterRow(0)],
          }),
        form: () =>
          Promise.resolve({
            modal: new ModalBuilder()
              .setCustomId("test-form:42")
              .setTitle("A form")
              .addComponents(
                new ActionRowBuilder<TextInputBuilder>().addComponents(
                  new TextInputBuilder()
                    .setCustomId("answer")
                    .setLabel("Answer")
                    .setStyle(TextInputStyle.Short),
                ),
              ),
          }),
      },
      {
        parse: { duration: durationOption(MAX_TIMEOUT_MS) },
        autocomplete: (_interaction, focused) =>
          Promise.resolve(
            ["apple", "apricot", "banana"]
              .filter((fruit) => fruit.startsWith(focused.value))
              .map((fruit) => ({ name: fruit, value: fruit })),
          ),
      },
    ),
    slashCommand(ModOnlyCommand, () => Promise.resolve({ content: "moderator path ok" }), {
      access: "moderator",
    }),
    slashCommand(OwnerOnlyCommand, () => Promise.resolve({ content: "owner path ok" }), { access: "owner" }),
  ];
  readonly components = [
    componentHandler(
      "counter",
      (_context, payload) => {
        const next = Number(payload) + 1;
        return Promise.resolve({ content: `count ${next}`, components: [counterRow(next)], update: true });
      },
      { updatesMessage: true, checkedAs: ["test", "buttons"] },
    ),
    modalHandler(
      "test-form",
      (context, payload) => {
        const answer = context.interaction.isModalSubmit()
          ? context.interaction.fields.getTextInputValue("answer")
          : "";
        return Promise.resolve({ content: `form ${payload} answered: ${answer}`, ephemeral: true });
      },
      { checkedAs: ["test", "form"] },
    ),
  ];
  readonly listeners = [
    listener("guildBanAdd", (ban) => {
      this.events.push(`ban:${ban.user.id}`);
    }),
  ];

  constructor(@inject(GuildConfigController) private readonly configs: GuildConfigController) {}

  onDbReady(): Promise<void> {
    this.dbReadyCalls += 1;
    return Promise.resolve();
  }
}

function counterRow(count: number): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(`counter:${count}`).setLabel("Next").setStyle(ButtonStyle.Primary),
  );
}

export const NeedsDbCommand = {
  name: "needsdb",
  description: "Only there with a database",
} as const satisfies ChatInputCommandDefinition;

/** A cog that cannot work without the database: its command reads it, its task needs it. */
@injectable()
export class RequiresDatabaseCog implements Cog {
  readonly name = "requires-database";
  readonly database = "required";
  dbReadyCalls = 0;
  taskRuns = 0;
  readonly commands = [
    slashCommand(NeedsDbCommand, async (context) => {
      const config = await this.configs.get(context.guildId ?? "0");
      return { content: `db ok (${config.moderatorRoleIds.length} moderator roles)` };
    }),
  ];
  readonly tasks = [
    {
      name: "needs-db",
      everyMs: 50,
      run: async () => {
        await this.configs.get("1");
        this.taskRuns += 1;
      },
    },
  ];

  constructor(@inject(GuildConfigController) private readonly configs: GuildConfigController) {}

  onDbReady(): Promise<void> {
    this.dbReadyCalls += 1;
    return Promise.resolve();
  }
}
