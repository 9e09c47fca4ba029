import type { MemberNote } from "../../controllers/case-annotations";
import type { MemberInvites } from "../../controllers/member-join-controller";
import type { CursorPage } from "../../database/pagination";
import type { Case, MemberActivity, UserIdentity } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { caseRow, utc } from "./cases-page";

/** Everything Warden holds about one member of one guild, read for the member page. */
export interface MemberRecord {
  cases: CursorPage<Case>;
  notes: MemberNote[];
  activity: MemberActivity | null;
  balance: bigint;
  identities: UserIdentity[];
  invites: MemberInvites;
}

/** Nothing at all: never cased, never seen, never joined, nothing linked, no points. */
export function isEmptyRecord(record: MemberRecord): boolean {
  return (
    record.cases.items.length === 0 &&
    record.notes.length === 0 &&
    record.activity === null &&
    record.balance === 0n &&
    record.identities.length === 0 &&
    record.invites.joins.length === 0 &&
    record.invites.invited.length === 0
  );
}

/** The link to a member's page. */
export function memberHref(guildId: string, userId: string): string {
  return `/guilds/${guildId}/members/${userId}`;
}

/** Everything the member page shows, as text (the template escapes it). */
export function memberPageData(
  t: Translator,
  guildId: string,
  userId: string,
  record: MemberRecord,
  next: string | null,
) {
  const named = record.cases.items.find((kase) => kase.targetName)?.targetName;
  const { activity, invites } = record;
  return {
    heading: t.t("dashboard.member_title", { member: named ? `${named} (${userId})` : userId }),
    text: {
      cases: t.t("dashboard.member_cases"),
      noCases: t.t("dashboard.member_no_cases"),
      colNumber: t.t("dashboard.col_number"),
      colType: t.t("dashboard.col_type"),
      colModerator: t.t("dashboard.col_moderator"),
      colReason: t.t("dashboard.col_reason"),
      colCreated: t.t("dashboard.col_created"),
      next: t.t("dashboard.next_page"),
      notes: t.t("dashboard.member_notes"),
      noNotes: t.t("dashboard.member_no_notes"),
      activity: t.t("dashboard.member_activity"),
      identities: t.t("dashboard.member_identities"),
      noIdentities: t.t("dashboard.member_no_identities"),
      invites: t.t("dashboard.member_invites"),
      noJoins: t.t("dashboard.member_no_joins"),
      invited: t.t("dashboard.member_invited"),
      noInvited: t.t("dashboard.member_no_invited"),
    },
    cases: record.cases.items.map((kase) => caseRow(t, guildId, kase)),
    next,
    notes: record.notes.map((note) => ({
      line: t.t("dashboard.member_note_line", {
        when: utc(note.editedAt),
        editor: note.editorId,
        number: note.caseNumber,
      }),
      href: `/guilds/${guildId}/cases/${note.caseNumber}`,
      text: note.note,
    })),
    facts: [
      [
        t.t("dashboard.member_last_seen"),
        activity ? utc(activity.lastSeenAt) : t.t("dashboard.member_never_seen"),
      ],
      [t.t("dashboard.member_messages"), activity?.messageCount ?? "0"],
      [t.t("dashboard.member_balance"), record.balance.toString()],
    ],
    identities: record.identities.map((identity) =>
      t.t("dashboard.member_identity", {
        platform: identity.platform,
        name: identity.platformUsername,
        id: identity.platformUserId,
      }),
    ),
    joins: invites.joins.map((join) =>
      join.inviteCode
        ? t.t("dashboard.member_joined_with", {
            when: utc(join.joinedAt),
            code: join.inviteCode,
            inviter: join.inviterId ?? "?",
          })
        : t.t("dashboard.member_joined_unknown", { when: utc(join.joinedAt) }),
    ),
    invited: invites.invited.map((invite) =>
      t.t("dashboard.member_invited_line", { code: invite.code, joins: invite.joins }),
    ),
  };
}
