import { createHash } from "node:crypto";
import { EvidenceFetcher } from "../../src/cogs/cases/evidence-fetcher";
import { CaseAnnotations, MAX_EVIDENCE_PER_CASE } from "../../src/controllers/case-annotations";
import { CaseController } from "../../src/controllers/case-controller";
import { CaseType } from "../../src/entities";
import { CasesWorld } from "../support/cases-fixture";

const DATABASE = `warden_e2e_case_evidence_w${process.env.JEST_WORKER_ID ?? "0"}`;
const ATTACHMENTS = "/attachments/:id/:name";

describe("/case note and /case evidence end to end", () => {
  let world: CasesWorld;
  let cases: CaseController;
  let annotations: CaseAnnotations;
  let fetcher: EvidenceFetcher;
  const defaults = { maxBytes: 0, timeoutMs: 0 };

  beforeAll(async () => {
    world = await CasesWorld.start(DATABASE);
    cases = world.app.container.resolve(CaseController);
    annotations = world.app.container.resolve(CaseAnnotations);
    fetcher = world.app.container.resolve(EvidenceFetcher);
    Object.assign(defaults, fetcher.limits);
  });
  afterAll(() => world?.stop());
  afterEach(() => {
    world.sim.faults.clear();
    Object.assign(fetcher.limits, defaults);
  });

  const note = (number: number, text: string, userId = world.mod.id) =>
    world.caseCommand(userId, "note", { number, text });
  const evidence = (number: number, options: Record<string, string | number>, userId = world.mod.id) =>
    world.caseCommand(userId, "evidence", { number, ...options });
  const messageLink = (guildId: string) =>
    `https://discord.com/channels/${guildId}/${"1".repeat(18)}/${"2".repeat(18)}`;
  const downloads = () => world.sim.requests.filter("GET", /^\/attachments\//).length;

  it("/case note adds to the history without touching the reason; /case show lists it", async () => {
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "spam" });
    const reply = await note(kase.number, "they apologised in DMs");
    expect(reply).toMatchObject({ content: `Added a note to case #${kase.number}.`, ephemeral: true });
    expect((await cases.getByNumberOrFail(world.guild.id, kase.number)).reason).toBe("spam");
    const shown = await world.caseCommand(world.mod.id, "show", { number: kase.number });
    const history = shown.embeds.find((embed) => embed.title === "History");
    expect(history?.description).toMatch(
      new RegExp(`^<t:\\d+:f> <@${world.mod.id}> noted: “they apologised in DMs”$`),
    );
  });

  it("/case evidence with a file keeps its URL, name, size and the SHA-256 of its bytes", async () => {
    const kase = await world.makeCase({ type: CaseType.Ban, reason: "raid" });
    const bytes = Buffer.from("screenshot bytes ".repeat(100));
    const upload = world.sim.upload({ filename: "proof.png", content: bytes, contentType: "image/png" });
    const sha = createHash("sha256").update(bytes).digest("hex");
    const reply = await evidence(kase.number, { attachment: upload.id });
    expect(reply.content).toBe(
      `Added **proof.png** (1.7 KB) to case #${kase.number} as evidence. SHA-256: \`${sha}\``,
    );
    const [stored] = await annotations.forCase(kase.id);
    expect(stored).toMatchObject({
      kind: "file",
      fileName: "proof.png",
      sizeBytes: bytes.length,
      sha256: sha,
      addedBy: world.mod.id,
    });
    expect(stored?.url).toMatch(new RegExp(`/attachments/${upload.id}/proof\\.png$`));
    const shown = await world.caseCommand(world.mod.id, "show", { number: kase.number });
    const listed = shown.embeds.find((embed) => embed.title === "Evidence (1)");
    expect(listed?.description).toContain(
      `[proof.png](${stored?.url}) · 1.7 KB · SHA-256 \`${sha.slice(0, 16)}\``,
    );
    const history = shown.embeds.find((embed) => embed.title === "History");
    expect(history?.description).toContain(`<@${world.mod.id}> added evidence: proof.png`);
  });

  it("/case evidence with a message link of this server; other servers' links and other text are refused", async () => {
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "rude" });
    const link = messageLink(world.guild.id);
    expect((await evidence(kase.number, { link })).content).toBe(
      `Added a message link to case #${kase.number} as evidence.`,
    );
    const refused = "That is not a link to a message in this server.";
    const otherGuild = messageLink("3".repeat(18));
    expect((await evidence(kase.number, { link: otherGuild })).content).toBe(refused);
    expect((await evidence(kase.number, { link: "https://example.com/x" })).content).toBe(refused);
    expect((await evidence(kase.number, { link: `${link}/extra` })).content).toBe(refused);
    expect(await annotations.forCase(kase.id)).toEqual([
      expect.objectContaining({ kind: "link", url: link }),
    ]);
  });

  it("needs exactly one of a file or a link", async () => {
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "rude" });
    const upload = world.sim.upload({ filename: "a.txt", content: "a" });
    expect((await evidence(kase.number, {})).content).toBe("Attach a file or give a message link.");
    expect(
      (await evidence(kase.number, { attachment: upload.id, link: messageLink(world.guild.id) })).content,
    ).toBe("Give a file or a message link, not both.");
    expect(await annotations.forCase(kase.id)).toEqual([]);
  });

  it("refuses a file over the limit: by its declared size without downloading, or by its bytes part-way", async () => {
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "rude" });
    fetcher.limits.maxBytes = 1024;
    const before = downloads();
    const declared = world.sim.upload({ filename: "big.bin", content: "x", size: 5_000_000 });
    const tooBig = "That file is too big to keep as evidence (the limit is 1.0 KB).";
    expect((await evidence(kase.number, { attachment: declared.id })).content).toBe(tooBig);
    expect(downloads()).toBe(before);
    const lying = world.sim.upload({ filename: "lying.bin", content: Buffer.alloc(64 * 1024), size: 10 });
    expect((await evidence(kase.number, { attachment: lying.id })).content).toBe(tooBig);
    expect(await annotations.forCase(kase.id)).toEqual([]);
  });

  it.each([
    [404, "HTTP 404"],
    [429, "HTTP 429"],
    [403, "HTTP 403"],
    [500, "HTTP 500"],
  ])("refuses a file Discord's CDN answers %i for, saying so", async (status, detail) => {
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "rude" });
    const upload = world.sim.upload({ filename: "gone.png", content: "x" });
    world.sim.faults.inject({ method: "GET", path: ATTACHMENTS, status, times: 1 });
    expect((await evidence(kase.number, { attachment: upload.id })).content).toBe(
      `Couldn't download that file from Discord (${detail}). Try again.`,
    );
    expect(await annotations.forCase(kase.id)).toEqual([]);
  });

  it("gives up on a download that does not answer in time", async () => {
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "rude" });
    const upload = world.sim.upload({ filename: "slow.png", content: "x" });
    fetcher.limits.timeoutMs = 300;
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    world.sim.faults.inject({ method: "GET", path: ATTACHMENTS, times: 1, hold: () => held });
    try {
      expect((await evidence(kase.number, { attachment: upload.id })).content).toBe(
        "Couldn't download that file from Discord (timed out). Try again.",
      );
    } finally {
      release();
    }
  });

  it("downloads only from Discord's CDN: a file whose URL points elsewhere is refused, nothing fetched", async () => {
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "rude" });
    const before = downloads();
    // Served by the simulator all the same: without the check, this download would succeed.
    const elsewhere = world.sim.upload({
      filename: "proof.png",
      content: "bytes",
      origin: world.sim.cdnUrl.replace("127.0.0.1", "localhost"),
    });
    expect((await evidence(kase.number, { attachment: elsewhere.id })).content).toBe(
      "That file isn't stored on Discord, so I won't download it.",
    );
    expect(downloads()).toBe(before);
    expect(await annotations.forCase(kase.id)).toEqual([]);
  });

  it("refuses unknown and deleted cases, and a member's own case, before downloading anything", async () => {
    const upload = world.sim.upload({ filename: "a.txt", content: "a" });
    const before = downloads();
    expect((await note(99_999, "x")).content).toBe("Case #99999 not found.");
    expect((await evidence(99_999, { attachment: upload.id })).content).toBe("Case #99999 not found.");
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "rude" });
    await cases.void(world.guild.id, kase.number, world.otherMod.id, "mistake");
    expect((await note(kase.number, "x")).content).toBe(
      `Case #${kase.number} is deleted: it takes no more notes.`,
    );
    expect((await evidence(kase.number, { attachment: upload.id })).content).toBe(
      `Case #${kase.number} is deleted: it takes no more evidence.`,
    );
    expect(downloads()).toBe(before);
    const own = await world.makeCase({ type: CaseType.Warn, targetId: world.otherMod.id, reason: "x" });
    expect((await note(own.number, "not me", world.otherMod.id)).content).toBe(
      `Case #${own.number} is about you, so you can't change it.`,
    );
  });

  it("refuses members who are not moderators, and blank or too long notes", async () => {
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "rude" });
    const denied = await note(kase.number, "hi", world.bob.id);
    expect(denied.content).toMatch(/permission|moderator/i);
    expect((await note(kase.number, "   ")).content).toMatch(/blank|empty/i);
    expect(await cases.history(kase.id)).toEqual([]);
  });

  it(`keeps at most ${MAX_EVIDENCE_PER_CASE} pieces; /case show of a full case stays within Discord's embed limits`, async () => {
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "r".repeat(1000) });
    const url = `https://cdn.discordapp.com/attachments/1/2/${"u".repeat(300)}`;
    for (let index = 0; index < MAX_EVIDENCE_PER_CASE; index += 1) {
      await annotations.addEvidence(world.guild.id, kase.number, world.mod.id, {
        kind: "file",
        url,
        fileName: `${index}-${"f".repeat(200)}.png`,
        sizeBytes: 1000,
        sha256: "a".repeat(64),
      });
    }
    for (let index = 0; index < 12; index += 1) {
      await cases.editReason(world.guild.id, kase.number, world.otherMod.id, `${index} ${"n".repeat(1500)}`);
    }
    expect((await evidence(kase.number, { link: messageLink(world.guild.id) })).content).toBe(
      `Case #${kase.number} already holds ${MAX_EVIDENCE_PER_CASE} pieces of evidence.`,
    );
    const shown = await world.caseCommand(world.mod.id, "show", { number: kase.number });
    expect(shown.embeds.map((embed) => embed.title)).toEqual([
      `Warning | Case #${kase.number}`,
      `Evidence (${MAX_EVIDENCE_PER_CASE})`,
      "History",
    ]);
    const [, listed, history] = shown.embeds;
    // Cut to fit, oldest lines first: the newest piece and the newest edit are still there.
    expect(listed?.description).toMatch(/^…/);
    expect(listed?.description).toContain("[24-fff");
    expect(history?.description).toMatch(/^…/);
    expect(history?.description).toContain("“11 nnn");
    const characters = shown.embeds.reduce(
      (sum, embed) =>
        sum +
        (embed.title ?? "").length +
        (embed.description ?? "").length +
        (embed.fields ?? []).reduce((fields, field) => fields + field.name.length + field.value.length, 0),
      0,
    );
    expect(characters).toBeLessThanOrEqual(6000);
  });
});
