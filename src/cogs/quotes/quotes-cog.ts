import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand } from "../../bot/commands/registration";
import { QuoteController } from "../../controllers/quote-controller";
import { QuoteCommand } from "./definitions";

/** `/quote`: a quote book every member can add to and draw from. Authors are shown, never pinged. */
@injectable()
export class QuotesCog implements Cog {
  readonly name = "quotes";
  readonly database = "required";
  readonly commands = [
    slashCommand(QuoteCommand, {
      add: async (context, { text, author }) => {
        await this.quotes.add(context.guildId, text, author?.user.id ?? null, context.user.id);
        return { content: context.t.t("quotes.saved"), ephemeral: true };
      },
      random: async (context, { author }) => {
        const quote = await this.quotes.random(context.guildId, author?.user.id ?? null);
        if (!quote) return { content: context.t.t("quotes.none"), ephemeral: true };
        const { text, authorId } = quote;
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
