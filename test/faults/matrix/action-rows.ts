import { APPEAL_ROWS } from "./appeal-rows";
import { CASE_DURATION_ROWS } from "./case-duration-rows";
import { CASE_ANNOTATION_ROWS } from "./case-annotation-rows";
import { ARCHIVE_ROWS } from "./archive-rows";
import { AUTOMOD_ROWS } from "./automod-rows";
import { CASE_ROWS } from "./case-rows";
import { CHANNEL_ROWS } from "./channel-rows";
import { CHANNEL_TOOL_ROWS } from "./channel-tool-rows";
import { ECONOMY_ROWS } from "./economy-rows";
import { LOCKDOWN_ROWS } from "./lockdown-rows";
import { LOG_ROWS } from "./log-rows";
import { GROUP_ROWS, PROFILE_ROWS, QUOTE_ROWS } from "./member-rows";
import { MENU_ROWS } from "./menu-rows";
import { MODERATION_ROWS } from "./moderation-rows";
import { REPORT_ROWS } from "./report-rows";
import { RESTRICTED_ROLE_ROWS, RESTRICTION_ROWS } from "./restriction-rows";
import type { ActionRow } from "./rows";
import { SETTING_ROWS } from "./setting-rows";
import { RAID_ROWS } from "./raid-rows";
import { TAG_ROWS, VARIABLE_ROWS } from "./tag-rows";

/** Every command that writes or asks Discord to act: a new one joins the matrix by adding its row. */
export const ACTION_ROWS: readonly ActionRow[] = [
  ...MODERATION_ROWS,
  ...RESTRICTION_ROWS,
  ...ECONOMY_ROWS,
  ...CASE_ROWS,
  ...CASE_DURATION_ROWS,
  ...CASE_ANNOTATION_ROWS,
  ...MENU_ROWS,
  ...ARCHIVE_ROWS,
  ...TAG_ROWS,
  ...VARIABLE_ROWS,
  ...SETTING_ROWS,
  ...RESTRICTED_ROLE_ROWS,
  ...GROUP_ROWS,
  ...PROFILE_ROWS,
  ...QUOTE_ROWS,
  ...CHANNEL_ROWS,
  ...LOCKDOWN_ROWS,
  ...CHANNEL_TOOL_ROWS,
  ...RAID_ROWS,
  ...APPEAL_ROWS,
  ...REPORT_ROWS,
  ...LOG_ROWS,
  ...AUTOMOD_ROWS,
];

/** Commands and components without a row, and why: each must say so here, or the coverage test fails. */
export const NOT_IN_MATRIX: Readonly<Record<string, string>> = {
  appeal: "read-only",
  "component:appeal": "opens the appeal form; writes nothing (its checks are the form's)",
  "component:appeal-reject": "opens the reject form; writes nothing",
  ping: "read-only",
  "automod show": "read-only",
  about: "read-only",
  balance: "read-only",
  leaderboard: "read-only",
  "economy stats": "read-only",
  "cases list": "read-only",
  "cases export": "read-only (writes a file for the moderator)",
  "case show": "read-only",
  history: "read-only",
  "tag info": "read-only",
  "tag list": "read-only",
  "var get": "read-only",
  "var list": "read-only",
  "group list": "read-only",
  "quote random": "read-only",
  profile: "read-only",
  "activity show": "read-only",
  "activity top": "read-only",
  "activity events": "read-only",
  stats: "read-only",
  "invites top": "read-only",
  "logs show": "read-only",
  "config show": "read-only",
  "config persistent-roles list": "read-only",
  "config lockdown-channels list": "read-only",
  "db stats": "read-only",
  "db integrity": "read-only",
  "db backup": "writes a file, not a record; the backup tests cover its failures",
  "db vacuum": "maintenance that changes no record",
  "db cleanup": "runs the log retention and the cooldown sweep, which the job matrix covers",
  "component:cases": "a read-only pager (its permission check is the permission matrix's)",
  "component:leaderboard": "a read-only pager",
  'menu "Warn"': "opens a form; its row (modal:menu-warn) runs the action",
  'menu "Note"': "opens a form; its row (modal:menu-note) runs the action",
  'menu "Timeout"': "opens a form; its row (modal:menu-timeout) runs the action",
  'menu "History"': "read-only",
  'menu "Add as evidence to a case"': "opens a form; its row (modal:menu-evidence) adds the evidence",
  'menu "Purge after this"': "opens a form; its row (modal:menu-purge) runs the purge",
  "raid status": "read-only",
  "raid config":
    "one upsert, refused without the Server Members intent (the matrix world runs without it); test/e2e/raid.test.ts covers it",
  'menu "Report"': "opens a form; its row (modal:rpt-menu) files the report",
  "reports list": "read-only",
  "component:rpt-list": "a read-only pager",
  "component:rpt-ack":
    "one conditional UPDATE and its history row in one statement pair; races and refusals in test/e2e/reports.test.ts",
  "component:rpt-dismiss": "opens a form; its row (modal:rpt-dismiss-m) dismisses the report",
  "component:rpt-warn": "opens a form; its row (modal:rpt-warn-m) runs the action",
  "component:rpt-timeout": "opens a form; its row (modal:rpt-timeout-m) runs the action",
  "component:rpt-ban": "opens a form; its row (modal:rpt-ban-m) runs the action",
};
