import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand, type CommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { PeriodicTask } from "../../bot/scheduler";
import { ProcessBootController } from "../../controllers/process-boot-controller";
import { unknownVariable, VariableController } from "../../controllers/variable-controller";
import { formatValue } from "../../controllers/variable-values";
import { VARIABLE_TYPES, type VariableType } from "../../entities/variable";
import { LegacyUserError } from "../../errors/user-error";
import { VarCommand } from "./definitions";

const MAX_SHOWN = 1800;

/**
 * `/var`: typed per-guild variables, for moderators. A session variable lives as long as the process run
 * that set it: this cog keeps the run's lease, forgets runs whose lease expired (with their session
 * variables) and retires its own run on a clean stop. Other processes' sessions are never touched.
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
  ) {
    this.tasks = [{ name: "session-lease", everyMs: boots.renewEveryMs, run: () => this.keepLease() }];
  }

  async onDbReady(): Promise<void> {
    await this.keepLease();
    await this.variables.clearUnowned();
  }

  async onShutdown(): Promise<void> {
    await this.boots.retire();
  }

  private async keepLease(): Promise<void> {
    await this.boots.renew();
    await this.boots.forgetDead();
  }

  private async set(
    context: CommandContext,
    args: { name: string; value: string; type?: string | undefined; session?: boolean | undefined },
  ): Promise<Reply> {
    const type = (VARIABLE_TYPES as readonly string[]).includes(args.type ?? "string")
      ? ((args.type ?? "string") as VariableType)
      : undefined;
    if (!type) throw new LegacyUserError("UnknownVariableType", `Unknown type: ${args.type ?? ""}.`);
    const scope = args.session ? "session" : "persistent";
    const variable = await this.variables.set(guildIdOf(context), args.name, args.value, type, scope);
    const note = scope === "session" ? " (session: cleared when this bot process stops)" : "";
    return { content: `Set \`${variable.name}\` (${type}) to ${shown(variable.value)}${note}.` };
  }

  private async get(context: CommandContext, name: string): Promise<Reply> {
    const variable = await this.variables.getOrFail(guildIdOf(context), name);
    return { content: `\`${name.trim().toLowerCase()}\` (${variable.type}): ${shown(variable.value)}` };
  }

  private async increment(context: CommandContext, name: string, by: number): Promise<Reply> {
    const value = await this.variables.increment(guildIdOf(context), name, by);
    return { content: `\`${name.trim().toLowerCase()}\` is now ${value}.` };
  }

  private async list(context: CommandContext, page: number): Promise<Reply> {
    const result = await this.variables.list(guildIdOf(context), page);
    if (result.total === 0) return { content: "No variables yet." };
    if (result.items.length === 0) return { content: `There are only ${result.pages} page(s).` };
    const lines = result.items.map(
      (variable) =>
        `\`${variable.name}\` (${variable.type}${variable.scope === "session" ? ", session" : ""}): ` +
        shown(variable.value, 80),
    );
    return {
      content: `${lines.join("\n")}\nPage ${result.page} of ${result.pages} · ${result.total} variables`,
    };
  }

  private async delete(context: CommandContext, name: string): Promise<Reply> {
    if (!(await this.variables.delete(guildIdOf(context), name))) throw unknownVariable(name);
    return { content: `Deleted \`${name.trim().toLowerCase()}\`.` };
  }
}

function shown(value: unknown, limit = MAX_SHOWN): string {
  const text = formatValue(value).replace(/`/g, "ˋ");
  return `\`${text.length > limit ? `${text.slice(0, limit)}…` : text}\``;
}

function guildIdOf(context: CommandContext): string {
  if (!context.guildId) throw new LegacyUserError("GuildOnly", "This only works in a server.");
  return context.guildId;
}
