import {
  GuildMember,
  MessageFlags,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type ContextMenuCommandInteraction,
  type Interaction,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
} from "discord.js";
import { inject } from "tsyringe";
import { service } from "../../service";
import type { Config } from "../../config";
import { CommandRefusal } from "../../errors/command-refusal";
import { UserError } from "../../errors/user-error";
import { ValidationError } from "../../errors/validation-error";
import { translator, type Translator } from "../../i18n/translator";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import type { Cog } from "../cog";
import { readArguments, validateArguments } from "../commands/arguments";
import { isGuildOnly, type ComponentRegistration, type HandlerPolicy } from "../commands/registration";
import { resolveHandler } from "../commands/resolve";
import { menuKey, menuLabel, type MenuInteraction, type MenuTarget } from "../commands/menu";
import { ComponentSigner } from "../component-signer";
import { translateDiscordError } from "../discord-errors";
import { DatabaseGate } from "../database-gate";
import { DatabaseService } from "../../database/database-service";
import { replyForError } from "../error-replies";
import { PermissionGuard } from "../permissions";
import { accessRequest, componentKey, HandlerRegistry } from "./handler-registry";
import { Deadlines } from "./deadlines";
import { InFlight } from "./in-flight";
import { InteractionEvents, type FinishedInteraction } from "./interaction-events";
import { GuildInteractionContext, InteractionContext } from "./context";
import { LocaleResolver } from "./locale-resolver";
import { deliverDone } from "./deliver";
import type { HandlerResult } from "./reply";
import { InteractionResponder, type RepliableInteraction } from "./responder";

/**
 * Runs a command's option checks and handler, so a validation refusal (its fields named after the options)
 * names them as the member sees them in their language.
 */
async function ofCommand<T>(label: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError && !error.commandPath)
      throw error.ofCommand(label.slice(1).split(" "));
    throw error;
  }
}

function noLongerWorks(): UserError {
  return new UserError("common.no_longer_works");
}

/**
 * Routes every interaction to the cog that registered it, checks permissions, parses and validates the
 * arguments, keeps Discord's 3-second deadline, and turns every failure into a short ephemeral reply.
 */
@service()
export class InteractionRouter {
  private readonly registry = new HandlerRegistry();
  private readonly inFlight: InFlight;
  private readonly deadlines = new Deadlines();
  private accepting = true;

  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(PermissionGuard) private readonly guard: PermissionGuard,
    @inject(InteractionEvents) private readonly events: InteractionEvents,
    @inject(DatabaseGate) private readonly gate: DatabaseGate,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
    @inject(LocaleResolver) private readonly locales: LocaleResolver,
    @inject(DatabaseService) private readonly db: DatabaseService,
  ) {
    this.inFlight = new InFlight(({ id, label, runningMs }) =>
      this.logger.warn({ interactionId: id, interaction: label, runningMs }, "interaction still running"),
    );
  }

  register(cogs: readonly Cog[]): void {
    this.registry.register(cogs);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** From now on, new interactions are answered "restarting" instead of being run. */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Waits (at most `timeoutMs`) for interactions in flight; resolves with how many were still running. */
  drain(timeoutMs: number): Promise<number> {
    return this.inFlight.drain(timeoutMs);
  }

  /** Never throws: whatever happens ends in a reply or a log line. Runs on behalf of whoever sent it. */
  handle(interaction: Interaction): Promise<void> {
    const dispatched = this.db.onBehalfOf(interaction.user.id, () => this.dispatch(interaction));
    return this.inFlight.track(dispatched, interaction.id, () => labelOf(interaction));
  }

  private async dispatch(interaction: Interaction): Promise<void> {
    const debug = this.logger.isLevelEnabled("debug");
    const started = debug ? performance.now() : 0;
    if (debug)
      this.logger.debug({ interactionId: interaction.id, type: interaction.type }, "interaction received");
    try {
      if (interaction.isAutocomplete()) return await this.autocomplete(interaction);
      if (!interaction.isRepliable()) return;
      if (!this.accepting) return await this.refuseWhileStopping(interaction);
      if (interaction.isChatInputCommand()) await this.command(interaction);
      else if (interaction.isContextMenuCommand()) await this.menu(interaction);
      else if (interaction.isMessageComponent()) await this.component(interaction, "component");
      else if (interaction.isModalSubmit()) await this.component(interaction, "modal");
    } catch (error) {
      this.logger.error(
        { err: error, interactionId: interaction.id },
        "interaction failed outside a handler",
      );
    } finally {
      if (debug) {
        const ms = Math.round(performance.now() - started);
        this.logger.debug({ interactionId: interaction.id, ms }, "interaction handled");
      }
    }
  }

  private async command(interaction: ChatInputCommandInteraction): Promise<void> {
    const registration = this.registry.command(interaction.commandName);
    const handler = registration ? resolveHandler(registration, interaction.options.data) : undefined;
    const policy = handler?.policy ?? {};
    const label = handler?.label ?? `/${interaction.commandName}`;
    const guildOnly = registration !== undefined && isGuildOnly(registration.definition) ? label : null;
    await this.run(interaction, policy, label, guildOnly, async (context) => {
      if (!registration || !handler) {
        throw new UserError("common.unknown_command", { command: interaction.commandName });
      }
      this.requireDatabaseFor(`/${registration.definition.name}`);
      await this.guard.check(interaction, accessRequest({ command: registration, handler }));
      return ofCommand(handler.label, () => {
        const args = validateArguments(readArguments(handler.options, handler.provided), policy);
        return handler.run(context as InteractionContext<ChatInputCommandInteraction>, args);
      });
    });
  }

  /** A context menu ("Warn" on a member): the same permission check, validation and replies as a command. */
  private async menu(interaction: ContextMenuCommandInteraction): Promise<void> {
    const registration = this.registry.menu(interaction.commandType, interaction.commandName);
    const policy = registration?.policy ?? { ephemeral: true };
    const label = registration ? menuLabel(registration.definition) : `"${interaction.commandName}"`;
    await this.run(interaction, policy, label, label, async (context) => {
      if (!registration) throw new UserError("common.unknown_command", { command: interaction.commandName });
      this.requireDatabaseFor(menuKey(interaction.commandType, interaction.commandName));
      const defaults = registration.definition.default_member_permissions;
      const required = (defaults ? BigInt(defaults) : 0n) | (policy.memberPermissions ?? 0n);
      await this.guard.check(interaction, { label, policy, memberPermissions: required || null });
      const target: MenuTarget = interaction.isUserContextMenuCommand()
        ? {
            user: interaction.targetUser,
            member: interaction.targetMember instanceof GuildMember ? interaction.targetMember : null,
          }
        : (interaction as Extract<MenuInteraction, { targetMessage: unknown }>).targetMessage;
      validateArguments({ target }, policy);
      return registration.run(context as GuildInteractionContext<MenuInteraction>, target);
    });
  }

  private async component(
    interaction: MessageComponentInteraction | ModalSubmitInteraction,
    kind: ComponentRegistration["kind"],
  ): Promise<void> {
    const separator = interaction.customId.indexOf(":");
    const prefix = separator === -1 ? interaction.customId : interaction.customId.slice(0, separator);
    const payload = separator === -1 ? "" : interaction.customId.slice(separator + 1);
    const registration = this.registry.component(kind, prefix);
    const policy = registration?.policy ?? { ephemeral: true };
    const key = componentKey(kind, prefix);
    // The label is recorded (usage, metrics): never the text of a custom id nobody registered.
    const label = registration ? key : componentKey(kind, "unknown");
    const owner = registration && this.registry.owner(registration);
    // Refused outside a guild in the words of the command the component belongs to, not its custom id.
    const guildOnly =
      owner && (registration?.guildOnly === true || isGuildOnly(owner.command.definition))
        ? owner.handler.label
        : null;
    await this.run(interaction, policy, label, guildOnly, async (context) => {
      if (!registration || !owner) throw noLongerWorks();
      this.requireDatabaseFor(key);
      // Whoever presses must still be allowed to run the command the component belongs to, right now.
      await this.guard.check(interaction, accessRequest(owner));
      const state = registration.policy.signed ? this.signer.verify(prefix, payload) : payload;
      if (state === null) throw noLongerWorks();
      return registration.run(context, state);
    });
  }

  private async run<I extends RepliableInteraction>(
    interaction: I,
    policy: HandlerPolicy & { updatesMessage?: boolean },
    label: string,
    /** For a guild-only command or component: the command a refusal outside a guild names. */
    guildOnly: string | null,
    work: (context: InteractionContext<I>) => Promise<HandlerResult>,
  ): Promise<void> {
    const responder = new InteractionResponder(
      interaction,
      {
        autoDeferMs: this.config.INTERACTION_DEFER_MS,
        ephemeral: policy.ephemeral ?? false,
        deferAsUpdate: policy.updatesMessage ?? false,
      },
      this.logger,
      this.deadlines,
    );
    const started = performance.now();
    const about = {
      interactionId: interaction.id,
      command: label,
      guildId: interaction.guildId,
      userId: interaction.user.id,
    };
    let outcome: FinishedInteraction["outcome"] = "ok";
    const client = this.locales.client(interaction);
    let t = translator(this.locales.immediate(interaction), client);
    try {
      let result: HandlerResult;
      try {
        const chosen = this.locales.of(interaction);
        t = translator(typeof chosen === "string" ? chosen : await chosen, client);
        result = await work(this.contextFor(interaction, responder, t, guildOnly));
      } catch (error) {
        const reply = replyForError(translateDiscordError(error), this.logger, t, about);
        outcome = reply.incidentId ? "error" : "refused";
        await responder.send({ content: reply.content, ephemeral: true }).catch((sendError: unknown) => {
          this.logger.warn(
            { err: sendError, interactionId: interaction.id, incidentId: reply.incidentId },
            "could not deliver the error reply",
          );
        });
        return;
      }
      // The work is done: whatever happens to its answer, the member is never told it failed.
      outcome = await deliverDone(responder, result, this.logger, t, about);
    } finally {
      responder.dispose();
      this.events.emit({
        command: label,
        guildId: interaction.guildId,
        userId: interaction.user.id,
        outcome,
        latencyMs: Math.round(performance.now() - started),
        locale: t.locale,
      });
    }
  }

  private contextFor<I extends RepliableInteraction>(
    interaction: I,
    responder: InteractionResponder,
    t: Translator,
    guildOnly: string | null,
  ): InteractionContext<I> {
    if (guildOnly === null) return new InteractionContext(interaction, responder, t);
    const guild = interaction.inCachedGuild() ? interaction.guild : null;
    const member = interaction.member instanceof GuildMember ? interaction.member : null;
    if (!guild || !member) throw new CommandRefusal("common.guild_only", CommandRefusal.pathOf(guildOnly));
    return new GuildInteractionContext(interaction, responder, t, guild, member);
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    if (!this.accepting) return void (await interaction.respond([]).catch(() => undefined));
    const registration = this.registry.command(interaction.commandName);
    try {
      const handler = registration ? resolveHandler(registration, interaction.options.data) : undefined;
      const allowed =
        registration?.autocomplete !== undefined &&
        (this.gate.isOpen || !this.registry.needsDatabase(`/${registration.definition.name}`)) &&
        handler !== undefined &&
        (await this.guard.allows(interaction, accessRequest({ command: registration, handler })));
      const focused = interaction.options.getFocused(true);
      // Suggestions can reveal data (case reasons, names): only those allowed to run the command see them.
      const choices =
        allowed && registration.autocomplete
          ? await registration.autocomplete(interaction, { name: focused.name, value: String(focused.value) })
          : [];
      await interaction.respond(choices.slice(0, 25));
    } catch (error) {
      this.logger.warn({ err: error, command: interaction.commandName }, "autocomplete failed");
      await interaction.respond([]).catch(() => undefined);
    }
  }

  private requireDatabaseFor(key: string): void {
    if (this.registry.needsDatabase(key)) this.gate.assertOpen();
  }

  private async refuseWhileStopping(interaction: Extract<Interaction, { reply: unknown }>): Promise<void> {
    await interaction
      .reply({
        content: translator(this.locales.immediate(interaction)).t("common.restarting"),
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, "could not answer while stopping"));
  }
}

/** What an interaction is, for a log line: the command, or the component's or form's kind. */
function labelOf(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) {
    return interaction.customId.split(":", 1)[0] ?? "";
  }
  return "interaction";
}
