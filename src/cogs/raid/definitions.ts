import { ApplicationCommandOptionType as Option, InteractionContextType } from "discord.js";
import type { ChatInputCommandDefinition } from "../../bot/commands/definition";

const reason = {
  type: Option.String,
  name: "reason",
  description: "Why (audit log and mod log)",
  max_length: 400,
} as const;

/**
 * No default permissions: `/raid config` is for Manage Server, the rest for moderators (Timeout Members
 * or a moderator role); Discord's per-command default cannot say both, so the run-time check does.
 */
export const RaidCommand = {
  name: "raid",
  description: "Raid mode: act on new members and lock the lockdown channels while a raid lasts",
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: Option.Subcommand,
      name: "config",
      description: "Turn on join-rate detection: how many joins in how long start raid mode",
      options: [
        {
          type: Option.Integer,
          name: "joins",
          description: "More joins than this within the window start raid mode (2–1000)",
          required: true,
          min_value: 2,
          max_value: 1000,
        },
        {
          type: Option.Integer,
          name: "seconds",
          description: "The window, in seconds (1–3600)",
          required: true,
          min_value: 1,
          max_value: 3600,
        },
        {
          type: Option.String,
          name: "action",
          description: "What happens to new members during a raid",
          required: true,
          choices: [
            { name: "timeout", value: "timeout" },
            { name: "kick", value: "kick" },
          ],
        },
        {
          type: Option.String,
          name: "quiet",
          description: "End raid mode after this long without a burst, e.g. 10m (default 10m)",
          max_length: 20,
        },
        {
          type: Option.String,
          name: "timeout",
          description: "How long a raid's timeouts last, e.g. 1d (default 1d, at most 28d)",
          max_length: 20,
        },
        {
          type: Option.String,
          name: "longest",
          description: "End raid mode after this long however it goes, e.g. 6h (default 6h, 10m–7d)",
          max_length: 20,
        },
      ],
    },
    { type: Option.Subcommand, name: "start", description: "Start raid mode now", options: [reason] },
    { type: Option.Subcommand, name: "end", description: "End raid mode and unlock its channels" },
    { type: Option.Subcommand, name: "status", description: "Whether raid mode is on, and its detection" },
  ],
} as const satisfies ChatInputCommandDefinition;
