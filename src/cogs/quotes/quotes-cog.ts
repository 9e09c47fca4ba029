import { PermissionFlagsBits } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand } from "../../bot/commands/registration";
import { QuoteController } from "../../controllers/quote-controller";
import { QuoteCommand } from "./definitions";

/** `/quote`: a quote book moderators fill and every member draws from. Authors are shown, never pinged. */
@injectable()
export class QuotesCog implements Cog {
  readonly name = "quotes";
  readonly database = "required";
  readonly commands = [
    slashCommand(QuoteCommand, {
      // The bot posts quotes publicly: what goes into the book is the moderators' call.
      add: {
        access: "moderator",
        memberPermissions: PermissionFlagsBits.ManageGuild,
        ephemeral: true,
        run: async (context, { text, author }) => {
          await this.quotes.add(context.guildId, text, author?.user.id ?? null, context.user.id);
          return { content: context.t.t("quotes.saved") };
        },
      },
      random: async (context, { author }) => {
        const quote = await this.quotes.random(context.guildId, author?.user.id ?? null);
        if (!quote) return { content: context.t.t("quotes.none"), ephemeral: true };
        const { authorId } = quote;
        // Every line of a quote stays inside the block quote.
        const text = quote.text.replace(/\n/g, "\n> ");
        return {
          content: authorId
            ? context.t.t("quotes.by", { text, author: `<@${authorId}>` })
            : context.t.t("quotes.anonymous", { text }),
        };
      },
    }),
  ];

  constructor(@inject(QuoteController) private readonly quotes: QuoteController) {}
}
