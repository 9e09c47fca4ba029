import { DiscordAPIError, RESTJSONErrorCodes } from "discord.js";
import { mapDatabaseError, sqlStateOf } from "../../../src/database/error-mapping";
import { GuildController } from "../../../src/controllers/guild-controller";
import { useTestDatabase } from "../../support/test-database";

function missingPermissions(): DiscordAPIError {
  return new DiscordAPIError(
    { code: RESTJSONErrorCodes.MissingPermissions, message: "Missing Permissions" },
    RESTJSONErrorCodes.MissingPermissions,
    403,
    "PUT",
    "/guilds/1/bans/2",
    { body: undefined, files: undefined },
  );
}

describe("errors that are not the database's pass through database scopes unchanged", () => {
  const testDb = useTestDatabase();

  it("a Discord refusal inside a transaction keeps its code", async () => {
    const refusal = missingPermissions();
    const guilds = testDb.get(GuildController);
    const thrown = await testDb.db
      .transaction(async () => {
        await guilds.getOrCreate({ id: "100000000000000001" });
        throw refusal;
      })
      .catch((error: unknown) => error);
    expect(thrown).toBe(refusal);
    expect(await guilds.getById("100000000000000001")).toBeNull();
  });

  it("a Discord refusal inside db.run keeps its code", async () => {
    const refusal = missingPermissions();
    await expect(
      testDb.db.run(async () => {
        throw refusal;
      }),
    ).rejects.toBe(refusal);
  });

  it("a numeric code is never read as a SQLSTATE", () => {
    expect(sqlStateOf(missingPermissions())).toBeUndefined();
    expect(mapDatabaseError(missingPermissions())).toBeInstanceOf(DiscordAPIError);
  });
});
