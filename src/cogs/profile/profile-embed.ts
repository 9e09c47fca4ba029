import type { APIEmbed } from "discord.js";
import type { UserIdentity, UserPreference } from "../../entities";
import { LANGUAGE_NAMES, type Locale } from "../../i18n/locales";
import type { Translator } from "../../i18n/translator";

export interface ProfileFacts {
  userId: string;
  displayName: string;
  identities: readonly UserIdentity[];
  points: bigint;
  /** Left out for another member's profile unless the viewer is a moderator (as /activity). */
  activity?: string;
  /** Only on the member's own profile: their settings are theirs to see. */
  preferences?: UserPreference;
  /** Who invited the member, when their latest join was recorded. */
  invitedBy?: { inviterId: string | null; code: string | null };
}

export const onOff = (value: boolean): "on" | "off" => (value ? "on" : "off");

/** A chosen language by its own name, or "automatic" in the reader's language. */
export function languageName(t: Translator, language: Locale | null): string {
  return language ? LANGUAGE_NAMES[language] : t.t("profile.language_auto");
}

function invitedBy(t: Translator, join: NonNullable<ProfileFacts["invitedBy"]>): string {
  if (!join.code) return t.t("profile.invited_unknown");
  return join.inviterId ? `<@${join.inviterId}> (${join.code})` : join.code;
}

export function profileEmbed(t: Translator, facts: ProfileFacts): APIEmbed {
  const linked = facts.identities.filter((identity) => identity.platform !== "discord");
  const { preferences } = facts;
  return {
    title: t.t("profile.title", { name: facts.displayName }),
    description: `<@${facts.userId}>`,
    fields: [
      {
        name: t.t("profile.field_linked"),
        value: linked.length
          ? linked.map((identity) => `${identity.platform}: ${identity.platformUsername}`).join("\n")
          : t.t("profile.no_accounts"),
      },
      {
        name: t.t("profile.field_points"),
        value: new Intl.NumberFormat(t.locale).format(facts.points),
        inline: true,
      },
      ...(facts.activity === undefined
        ? []
        : [{ name: t.t("profile.field_activity"), value: facts.activity, inline: true }]),
      ...(preferences === undefined
        ? []
        : [
            {
              name: t.t("profile.field_preferences"),
              value: t.t("profile.preferences_field", {
                privateReplies: onOff(preferences.privateReplies),
                dmOnCase: onOff(preferences.dmOnCase),
                language: languageName(t, preferences.language),
              }),
            },
          ]),
      ...(facts.invitedBy === undefined
        ? []
        : [{ name: t.t("profile.field_invited_by"), value: invitedBy(t, facts.invitedBy), inline: true }]),
    ],
  };
}
