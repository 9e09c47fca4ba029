import type { Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import { Bot } from "../../bot/bot";
import type { Cog } from "../../bot/cog";
import { slashCommand, type GuildCommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { PeriodicTask } from "../../bot/scheduler";
import { servedShards } from "../../bot/served-shards";
import { ProcessBootController } from "../../controllers/process-boot-controller";
import { unknownVariable, VariableController } from "../../controllers/variable-controller";
import { formatValue } from "../../controllers/variable-values";
import { VARIABLE_TYPES, type VariableType } from "../../entities/variable";
import { invalid } from "../../errors/validation-error";
import type { Translator } from "../../i18n/translator";
import { VarCommand } from "./definitions";

const MAX_SHOWN = 1800;

/**
 * `/var`: typed per-guild variables, for moderators. A session variable lives as long as the process run
 * that set it: this cog keeps the run's lease (the heartbeat `/about` lists processes by), forgets runs whose
 * lease expired (with their session variables) and retires its own run on a clean stop. Other processes'
 * sessions are never touched.
 */
@injectable()
export class VariablesCog implements Cog {
  readonly name = "variables";
  readonly database = "required";
  readonly tasks: PeriodicTask[];
  readonly commands = [
    slashCommand(
      VarCommand,
      {
        set: (context, args) => this.set(context, args),
        get: (context, { name }) => this.get(context, name),
        incr: (context, { name, by }) => this.increment(context, name, by ?? 1),
        list: (context, { page }) => this.list(context, page ?? 1),
        delete: (context, { name }) => this.delete(context, name),
      },
      { access: "moderator", ephemeral: true },
    ),
  ];

  constructor(
    @inject(VariableController) private readonly variables: VariableController,
    @inject(ProcessBootController) private readonly boots: ProcessBootController,
    @inject(Bot) private readonly bot: Bot,
  ) {
    this.tasks = [
      { name: "session-lease", everyMs: boots.renewEveryMs, run: (client) => this.keepLease(client) },
    ];
  }

  async onDbReady(): Promise<void> {
    await this.keepLease(this.bot.clientIfStarted);
    await this.variables.clearUnowned();
  }

  async onShutdown(): Promise<void> {
    await this.boots.retire();
  }

  private async keepLease(client: Client | undefined): Promise<void> {
    await this.boots.renew(client ? servedShards(client) : null);
    await this.boots.forgetDead();
  }

  private async set(
    context: GuildCommandContext,
    args: { name: string; value: string; type?: string | undefined; session?: boolean | undefined },
  ): Promise<Reply> {
    const type = args.type ?? "string";
    if (!isVariableType(type)) throw invalid("type", "validation.not_a_choice");
    const scope = args.session ? "session" : "persistent";
    const variable = await this.variables.set(context.guildId, args.name, args.value, type, scope);
    const values = { name: variable.name, type: typeLabel(context.t, type), value: shown(variable.value) };
    return { content: context.t.t(scope === "session" ? "variables.set_session" : "variables.set", values) };
  }

  private async get(context: GuildCommandContext, name: string): Promise<Reply> {
    const variable = await this.variables.getOrFail(context.guildId, name);
    const values = { name: name.trim().toLowerCase(), type: typeLabel(context.t, variable.type) };
    return { content: context.t.t("variables.shown", { ...values, value: shown(variable.value) }) };
  }

  private async increment(context: GuildCommandContext, name: string, by: number): Promise<Reply> {
    const value = await this.variables.increment(context.guildId, name, by);
    return {
      content: context.t.t("variables.now", { name: name.trim().toLowerCase(), value: String(value) }),
    };
  }

  private async list(context: GuildCommandContext, page: number): Promise<Reply> {
    const { t } = context;
    const result = await this.variables.list(context.guildId, page);
    if (result.total === 0) return { content: t.t("variables.empty") };
    if (result.items.length === 0) return { content: t.t("variables.past_end", { pages: result.pages }) };
    const lines = result.items.map((variable) =>
      t.t(variable.scope === "session" ? "variables.shown_session" : "variables.shown", {
        name: variable.name,
        type: typeLabel(t, variable.type),
        value: shown(variable.value, 80),
      }),
    );
    const footer = t.t("variables.page", { page: result.page, pages: result.pages, total: result.total });
    return { content: `${lines.join("\n")}\n${footer}` };
  }

  private async delete(context: GuildCommandContext, name: string): Promise<Reply> {
    if (!(await this.variables.delete(context.guildId, name))) throw unknownVariable(name);
    return { content: context.t.t("variables.deleted", { name: name.trim().toLowerCase() }) };
  }
}

function isVariableType(type: string): type is VariableType {
  return (VARIABLE_TYPES as readonly string[]).includes(type);
}

/** A type's name as members read it (the same words as the `type` option's choices). */
function typeLabel(t: Translator, type: VariableType): string {
  return t.t("variables.type", { type });
}

function shown(value: unknown, limit = MAX_SHOWN): string {
  const text = formatValue(value).replace(/`/g, "ˋ");
  return `\`${text.length > limit ? `${text.slice(0, limit)}…` : text}\``;
}
