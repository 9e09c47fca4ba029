import type { Attachment } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { GuildInteractionContext } from "../../bot/interactions/context";
import type { Reply } from "../../bot/interactions/reply";
import type { RepliableInteraction } from "../../bot/interactions/responder";
import { CaseAnnotations } from "../../controllers/case-annotations";
import { CaseController } from "../../controllers/case-controller";
import { UserError } from "../../errors/user-error";
import { EvidenceFetcher } from "./evidence-fetcher";
import { formatBytes } from "./evidence-lines";

/** `https://discord.com/channels/<guild>/<channel>/<message>` (also ptb., canary. and discordapp.com). */
const MESSAGE_LINK =
  /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(\d{17,20})\/(\d{17,20})\/(\d{17,20})$/;

/** Who adds: a slash command, or the "Add as evidence to a case" menu's modal. */
type AnnotationContext = GuildInteractionContext<RepliableInteraction>;

/** `/case note` and `/case evidence`: they add to a case's record without changing the case. */
@injectable()
export class CaseAnnotationCommands {
  constructor(
    @inject(CaseAnnotations) private readonly annotations: CaseAnnotations,
    @inject(CaseController) private readonly cases: CaseController,
    @inject(EvidenceFetcher) private readonly fetcher: EvidenceFetcher,
  ) {}

  async note(context: AnnotationContext, number: number, text: string): Promise<Reply> {
    await this.annotations.addNote(context.guildId, number, context.user.id, text);
    return { content: context.t.t("cases.note_added", { number }) };
  }

  async evidence(
    context: AnnotationContext,
    number: number,
    attachment: Attachment | undefined,
    link: string | undefined,
  ): Promise<Reply> {
    const { guildId, t } = context;
    if (attachment && link) throw new UserError("cases.evidence_both");
    if (link) {
      const match = MESSAGE_LINK.exec(link.trim());
      if (!match || match[1] !== guildId) throw new UserError("cases.evidence_bad_link");
      await this.annotations.addEvidence(guildId, number, context.user.id, {
        kind: "link",
        url: link.trim(),
      });
      return { content: t.t("cases.evidence_added_link", { number }) };
    }
    if (!attachment) throw new UserError("cases.evidence_none");
    // Refuse an unknown or deleted case before downloading anything; the locked row decides again below.
    const kase = await this.cases.getByNumberOrFail(guildId, number);
    if (kase.voided) throw new UserError("cases.evidence_deleted_case", { number });
    const digest = await this.fetcher.digest(attachment.url, attachment.size);
    await this.annotations.addEvidence(guildId, number, context.user.id, {
      kind: "file",
      url: attachment.url,
      fileName: attachment.name,
      ...digest,
    });
    const values = { number, name: attachment.name, size: formatBytes(digest.sizeBytes), sha: digest.sha256 };
    return { content: t.t("cases.evidence_added_file", values) };
  }
}
