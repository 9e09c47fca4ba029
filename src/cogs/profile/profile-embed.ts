import type { APIEmbed } from "discord.js";
import type { UserIdentity, UserPreference } from "../../entities";

export interface ProfileFacts {
  userId: string;
  displayName: string;
  identities: readonly UserIdentity[];
  points: string;
  /** Left out for another member's profile unless the viewer is a moderator (as /activity). */
  activity?: string;
  preferences: UserPreference;
  /** Who invited the member, when their latest join was recorded. */
  invitedBy?: string;
}

const onOff = (value: boolean): string => (value ? "on" : "off");

export function profileEmbed(facts: ProfileFacts): APIEmbed {
  const linked = facts.identities.filter((identity) => identity.platform !== "discord");
  return {
    title: `Profile of ${facts.displayName}`,
    description: `<@${facts.userId}>`,
    fields: [
      {
        name: "Linked accounts",
        value: linked.length
          ? linked.map((identity) => `${identity.platform}: ${identity.platformUsername}`).join("\n")
          : "none",
      },
      { name: "Points", value: facts.points, inline: true },
      ...(facts.activity === undefined ? [] : [{ name: "Activity", value: facts.activity, inline: true }]),
      {
        name: "Preferences",
        value: `Private replies: ${onOff(facts.preferences.privateReplies)}\nDM on case: ${onOff(facts.preferences.dmOnCase)}`,
      },
      ...(facts.invitedBy === undefined
        ? []
        : [{ name: "Invited by", value: facts.invitedBy, inline: true }]),
    ],
  };
}
