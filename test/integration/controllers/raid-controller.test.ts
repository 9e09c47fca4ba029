import { RaidController } from "../../../src/controllers/raid-controller";
import { makeGuild } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

const detected = (guildId: string, joinsSince: Date) => ({
  guildId,
  startedBy: null,
  reason: null,
  action: "timeout" as const,
  quietSeconds: 300,
  joinsSince,
});

describe("RaidController", () => {
  it("starts no detected raid from joins that came before the guild's last raid ended", async () => {
    const raids = t.get(RaidController);
    const guild = await makeGuild(t.container);
    const joinedBefore = new Date(Date.now() - 2_000);
    expect(await raids.start({ ...detected(guild.id, joinedBefore), joinsSince: null })).not.toBeNull();
    expect(await raids.end(guild.id, "1")).not.toBeNull();

    expect(await raids.start(detected(guild.id, joinedBefore))).toBeNull();
    expect(await raids.active(guild.id)).toBeNull();

    const joinedAfter = new Date(Date.now() + 1_000);
    expect(await raids.start(detected(guild.id, joinedAfter))).not.toBeNull();
  });
});
