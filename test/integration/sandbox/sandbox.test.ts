import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { runSandbox, type SandboxOptions } from "../../../sandbox/run";
import { COGS } from "../../../src/cogs";
import { eventually } from "../../support/eventually";
import { TestCog } from "../../support/test-cogs";
import { directUrlEnv } from "../../support/pooler-routes";
import { createDatabase, dropDatabase } from "../../support/test-database";
import { NoticeCog } from "./notice-cog";

const DATABASE = `warden_sandbox_w${process.env.JEST_WORKER_ID ?? "0"}`;
const DEMO = path.join(__dirname, "..", "..", "..", "sandbox", "transcripts", "demo.txt");
const MODERATION = path.join(__dirname, "..", "..", "..", "sandbox", "transcripts", "moderation.txt");
const GERMAN = path.join(__dirname, "..", "..", "..", "sandbox", "transcripts", "deutsch.txt");

describe("npm run sandbox --script", () => {
  let databaseUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
    dataDir = mkdtempSync(path.join(os.tmpdir(), "warden-sandbox-"));
  });

  afterAll(async () => {
    await dropDatabase(DATABASE);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(script: SandboxOptions["script"], more: Partial<SandboxOptions> = {}) {
    let output = "";
    const code = await runSandbox({
      ...(script === undefined ? {} : { script }),
      output: { write: (text: string) => (output += text) },
      env: {
        DATABASE_URL: databaseUrl,
        ...directUrlEnv(databaseUrl),
        DATA_DIR: dataDir,
        LOG_LEVEL: "silent",
      },
      ...more,
    });
    return { code, output };
  }

  it("runs the demo transcript against the real bot and renders the answers as text", async () => {
    const { code, output } = await run(DEMO);
    expect(code).toBe(0);
    expect(output).toMatch(/^logs: off \(LOG_LEVEL=silent\)\n> help\n/);
    expect(output).toMatch(/^Warden's commands:\n( {2}\/.*\n)* {2}\/about\n( {2}\/.*\n)* {2}\/ping\n/m);
    expect(output).toMatch(/^> \/ping\nPong!( Gateway latency \d+ ms\.)?\n/m);
    expect(output).toMatch(
      new RegExp(
        [
          "^> /about",
          "\\(only you can see this\\)",
          "\\| Warden",
          "\\| Moderation and community tools, with a database that keeps its promises\\.",
          "\\| Version: 0\\.1\\.0",
          "\\| Schema: [A-Za-z]+ \\(\\d{13}\\)",
          "\\| Uptime: \\d+s",
          "\\| Shard: 1 of 1",
          "\\| Gateway latency: (measuring|\\d+ ms)",
          "\\| Database: external PostgreSQL: running, \\d+ ms$",
        ].join("\n"),
        "m",
      ),
    );
    expect(output).toContain("> as @alice\nyou are @alice now\n");
    expect(output).toContain("@mod [Moderators]\n@alice (you)\n@bob\n");
    expect(output).toContain(
      "> /nonexistent\n(only you can see this)\nI don't know `/nonexistent` (any more): Discord may still",
    );
    expect(output).toMatch(
      /^> log #general\n#general: 2 messages\n@Warden \(@mod used \/ping\): Pong!.*\n@Warden \(@alice used \/ping\): Pong!/m,
    );
    expect(output).toMatch(
      /^> \/warn user:@bob reason:"spam in #general"\n\(only you can see this\)\nWarned \*\*bob\*\* \(case #1\)\.\n/m,
    );
    expect(output).toContain(
      "[DM to @bob]\n  You have been warned in **Sandbox** (case #1).\n  Reason: spam in #general\n",
    );
    expect(output).toMatch(/\nBanned \*\*alice\*\* for 1w \(case #2\)\.\n/);
    expect(output).not.toMatch(/\d{17,20}/);
    expect(output).not.toMatch(/^\s+at /m);
  });

  it("runs the moderation transcript: mod log, warnings, a tempban, /cases paging and a reason edit", async () => {
    const { code, output } = await run(MODERATION);
    expect(code).toBe(0);
    expect(output).toContain(
      "> /config modlog channel:#mod-log\n(only you can see this)\nCases will be posted in #mod-log.\n",
    );
    expect(output).toContain("Warned **bob** (case #1).\n[#mod-log]\n  | Warning | Case #1\n");
    expect(output).toContain("Banned **alice** for 1w (case #3).");
    expect(output).toMatch(
      /\| -- Page 1 of 2 · 11 cases\n\[Previous \(disabled\)\] \[Next\]\n> click "Next"\n/,
    );
    expect(output).toMatch(
      /\| #1 Warning · @bob · by @mod · .* · spam in #general\n\| -- Page 2 of 2 · 11 cases/,
    );
    expect(output).toMatch(/@mod changed the reason from “spam in #general” to “spam links in #general”/);
    expect(output).toContain("| Warning: 8 · Note: 1");
    expect(output).toContain('> menu "Timeout" @bob\n');
    expect(output).toContain("Timed out **bob** for 1h (case #12).");
    expect(output).toContain("| Warning: 8 · Note: 1 · Timeout: 1");
  });

  it("runs the German transcript: answers, refusals, option names and DMs in each member's language", async () => {
    const { code, output } = await run(GERMAN);
    expect(code).toBe(0);
    expect(output).toContain(
      "> /config modlog channel:#mod-log\n(only you can see this)\nFälle werden ab jetzt in #mod-log gepostet.\n",
    );
    expect(output).toContain("**bob** verwarnt (Fall #1).");
    // alice chose German: her DM is German although the guild speaks English (the mod log follows the guild).
    expect(output).toContain(
      "[DM to @alice]\n  Du wurdest auf **Sandbox** für 1h in den Timeout geschickt (Fall #2).",
    );
    expect(output).toContain("[#mod-log]\n  | Timeout | Case #2\n");
    expect(output).toContain("Das hat nicht geklappt:\n• `dauer`: muss wie 10m, 1h30m oder 7d aussehen");
    expect(output).toMatch(/\| Fälle\n\| #2 Timeout · @alice · von @mod · .* · hitziger Streit\n/);
    expect(output).toContain("Idioma: Español.\n> /balance\nTienes **0 puntos**.");
    expect(output).toContain(
      "Necesitas el permiso Aislar temporalmente a miembros o un rol de moderador para usar /warn.",
    );
  });

  it("clicks buttons, chooses in selects, submits modals, and shows what the bot posted elsewhere", async () => {
    const script = [
      '/notice user:@alice text:"be nice" where:#mod-log times:2 loud:yes',
      'select "Pick a colour" Green',
      "click Rules",
      "click Undo",
      "click Undo",
      "/test buttons",
      'click "Next"',
      "/test form",
      'submit answer:"yes please"',
      "/test echo text:hi user:@bob mood:Sad",
      "as @alice",
      "/modonly",
      "log",
    ].join("\n");
    const { code, output } = await run({ text: script }, { cogs: [...COGS, TestCog, NoticeCog] });
    expect(output).toBe(
      [
        "logs: off (LOG_LEVEL=silent)",
        '> /notice user:@alice text:"be nice" where:#mod-log times:2 loud:yes',
        "(only you can see this)",
        "Posted in #mod-log.",
        "[Undo] [Rules](https://example.com/rules)",
        '(select "Pick a colour": Red | Green)',
        "[#mod-log]",
        "  Notice for @alice from @mod: BE NICE",
        "  Notice for @alice from @mod: BE NICE",
        "[DM to @alice]",
        "  | A notice",
        "  | be nice",
        "  | -- Sandbox",
        '> select "Pick a colour" Green',
        "(only you can see this)",
        "You picked green.",
        "> click Rules",
        "[Rules] is a link to https://example.com/rules",
        "> click Undo",
        "(only you can see this)",
        "Undone.",
        "> click Undo",
        'no button "Undo" in #general (no buttons here)',
        "> /test buttons",
        "count 0",
        "[Next]",
        '> click "Next"',
        "count 1",
        "[Next]",
        "> /test form",
        'modal "A form"',
        "  answer: Answer (required)",
        'answer with: submit answer:"…"',
        '> submit answer:"yes please"',
        "(only you can see this)",
        "form 42 answered: yes please",
        "> /test echo text:hi user:@bob mood:Sad",
        "text=hi user=bob (member of no roles) duration=none mood=sad",
        "> as @alice",
        "you are @alice now",
        "> /modonly",
        "(only you can see this)",
        "You need the Timeout Members permission or a moderator role to use /modonly.",
        "> log",
        "#general: 2 messages",
        "@Warden (@mod used /test buttons):",
        "  count 1",
        "  [Next]",
        "@Warden (@mod used /test echo): text=hi user=bob (member of no roles) duration=none mood=sad",
        "sandbox: 2 of the script's commands failed (lines 3, 5)",
        "",
      ].join("\n"),
    );
    expect(code).toBe(1);
  });

  it("answers mistakes with one line each and exits non-zero naming the lines", async () => {
    const script = [
      "# a comment, then a blank line",
      "",
      "frobnicate",
      "/ping extra:1",
      "/test",
      "/test slow ms:soon",
      "/test echo text:hi user:@carol",
      "in #nowhere",
      "submit answer:x",
      'click "Next',
      "members",
    ].join("\n");
    const { code, output } = await run({ text: script }, { cogs: [...COGS, TestCog] });
    expect(output.split("\n").slice(1)).toEqual([
      "> frobnicate",
      'I don\'t understand "frobnicate": type help for what I do',
      "> /ping extra:1",
      "/ping has no option extra (options: none)",
      "> /test",
      "/test needs one of: throw, slow, echo, db, buttons, search, prune, form",
      "> /test slow ms:soon",
      "ms: needs a whole number, not soon",
      "> /test echo text:hi user:@carol",
      "nobody is called @carol (there are @owner, @Warden, @mod, @alice, @bob)",
      "> in #nowhere",
      "there is no #nowhere (there are #general, #mod-log)",
      "> submit answer:x",
      "no modal is open for you: run a command that opens one first",
      '> click "Next',
      "a quote is not closed",
      "> members",
      "@owner (owner)",
      "@Warden [Warden] (bot)",
      "@mod [Moderators] (you)",
      "@alice",
      "@bob",
      "sandbox: 8 of the script's commands failed (lines 3, 4, 5, 6, 7, 8, 9, 10)",
      "",
    ]);
    expect(code).toBe(1);
  });

  it("refuses a script it cannot read, in one line", async () => {
    const { code, output } = await run(path.join(dataDir, "missing.txt"));
    expect(code).toBe(1);
    expect(output).toMatch(/^sandbox: cannot read the script: ENOENT[^\n]*\n$/);
  });

  it("without --script, reads the prompt's input line by line until quit", async () => {
    const input = Readable.from(["/ping\n", "as @bob\n", "who\n", "quit\n", "/about\n"]);
    const { code, output } = await run(undefined, { input });
    expect(code).toBe(0);
    expect(output.split("\n")).toEqual([
      "logs: off (LOG_LEVEL=silent)",
      "starting Warden against the Discord simulator and the database in DATABASE_URL…",
      'Warden sandbox: guild "Sandbox" with #general and #mod-log; @mod (Moderators), @alice, @bob, @owner.',
      "Type help for what you can do, quit to leave.",
      expect.stringMatching(/^Pong!/),
      "you are @bob now",
      'I don\'t understand "who": type help for what I do',
      "",
    ]);
  });

  it("with DASHBOARD_ENABLED, prints a sign-in link to the dashboard that leads to the simulator's consent page", async () => {
    const input = new PassThrough();
    let output = "";
    const running = runSandbox({
      output: { write: (text: string) => (output += text) },
      env: {
        DATABASE_URL: databaseUrl,
        ...directUrlEnv(databaseUrl),
        DATA_DIR: dataDir,
        LOG_LEVEL: "silent",
        DASHBOARD_ENABLED: "on",
        DASHBOARD_PORT: "0",
      },
      input,
    });
    try {
      await eventually(() => output.includes("Type help"), 30_000, "the prompt");
      const link = /^dashboard: open (http:\/\/127\.0\.0\.1:\d+\/auth\/sign-in) /m.exec(output)?.[1];
      expect(link).toBeDefined();
      const start = await fetch(link ?? "", { redirect: "manual" });
      expect(start.status).toBe(302);
      const consent = await fetch(start.headers.get("location") ?? "");
      expect(await consent.text()).toContain("<option value=");
    } finally {
      input.end("quit\n");
    }
    expect(await running).toBe(0);
  });
});
