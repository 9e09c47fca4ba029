import { DiscordSimulator } from "../../../simulator";

/** `sim.upload`: files members attach, served by the fake CDN on the simulator's port. */
describe("the simulator's CDN", () => {
  let sim: DiscordSimulator;

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
  });
  afterEach(() => sim.close());

  const cdnUrl = (id: string, name: string) =>
    `${sim.apiUrl.replace(/\/api$/, "")}/attachments/${id}/${name}`;

  it("serves an upload's bytes at its URL, and 404 for unknown ids or names", async () => {
    const upload = sim.upload({
      filename: "proof.png",
      content: Buffer.from([1, 2, 3]),
      contentType: "image/png",
    });
    const response = await fetch(cdnUrl(upload.id, "proof.png"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([1, 2, 3]);
    expect((await fetch(cdnUrl(upload.id, "other.png"))).status).toBe(404);
    expect((await fetch(cdnUrl("123", "proof.png"))).status).toBe(404);
    expect(sim.requests.filter("GET", /^\/attachments\//)).toHaveLength(3);
  });

  it("names its base as sim.cdnUrl; an upload given another origin has its URL there", async () => {
    const upload = sim.upload({ filename: "a.txt", content: "abc" });
    expect(cdnUrl(upload.id, "a.txt").startsWith(`${sim.cdnUrl}/attachments/`)).toBe(true);
    const origin = sim.cdnUrl.replace("127.0.0.1", "localhost");
    const elsewhere = sim.upload({ filename: "b.txt", content: "def", origin });
    expect(upload.origin).toBeNull();
    expect(elsewhere.origin).toBe(origin);
    expect(await (await fetch(`${origin}/attachments/${elsewhere.id}/b.txt`)).text()).toBe("def");
  });

  it("takes faults like any route, and reports the size a test declares", async () => {
    const upload = sim.upload({ filename: "a.txt", content: "abc", size: 99 });
    expect(upload.size).toBe(99);
    sim.faults.inject({ method: "GET", path: "/attachments/:id/:name", status: 429, times: 1 });
    expect((await fetch(cdnUrl(upload.id, "a.txt"))).status).toBe(429);
    expect(await (await fetch(cdnUrl(upload.id, "a.txt"))).text()).toBe("abc");
  });
});
