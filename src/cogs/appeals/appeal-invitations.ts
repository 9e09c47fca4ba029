import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from "discord.js";
import { inject } from "tsyringe";
import { ComponentSigner } from "../../bot/component-signer";
import { AppealSettingsController } from "../../controllers/appeal-settings-controller";
import { CaseType, type Case } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { service } from "../../service";

export const APPEAL_PREFIX = "appeal";
export const APPEAL_FORM_PREFIX = "appeal-form";

/** The guild and the ban a DM's Appeal button names (signed, yet re-checked on every press). */
export interface AppealTarget {
  guildId: string;
  banCaseId: number;
}

export function appealPayload({ guildId, banCaseId }: AppealTarget): string {
  return `${guildId}.${String(banCaseId)}`;
}

export function parseAppealPayload(payload: string): AppealTarget | null {
  const match = /^(\d{17,20})\.(\d{1,10})$/.exec(payload);
  return match?.[1] && match[2] ? { guildId: match[1], banCaseId: Number(match[2]) } : null;
}

/** The Appeal button a ban DM carries when the guild takes appeals (`/appeals channel`). */
@service()
export class AppealInvitations {
  constructor(
    @inject(AppealSettingsController) private readonly settings: AppealSettingsController,
    @inject(ComponentSigner) private readonly signer: ComponentSigner,
  ) {}

  async buttonsFor(kase: Case, t: Translator): Promise<APIActionRowComponent<APIButtonComponent>[]> {
    if (kase.type !== CaseType.Ban) return [];
    const settings = await this.settings.of(kase.guildId);
    if (!settings?.channelId) return [];
    const payload = appealPayload({ guildId: kase.guildId, banCaseId: kase.id });
    const button: APIButtonComponent = {
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: t.t("appeals.button_label"),
      custom_id: this.signer.sign(`${APPEAL_PREFIX}:${payload}`),
    };
    return [{ type: ComponentType.ActionRow, components: [button] }];
  }
}
