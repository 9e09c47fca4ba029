import type { DiscordSimulator, SimUser } from "../../simulator";

/** A signed-in dashboard browser for the benchmarks: its cookies, and GET with them. */
export class DashboardSession {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  /** Signs in as `user` through the simulator's consent page. */
  async signIn(sim: DiscordSimulator, user: SimUser): Promise<void> {
    const start = await this.request(`${this.base}/auth/sign-in`);
    const authorize = new URL(start.headers.get("location") ?? "");
    const consent = await fetch(sim.authorizeUrl, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: authorize.searchParams.get("client_id") ?? "",
        redirect_uri: authorize.searchParams.get("redirect_uri") ?? "",
        scope: authorize.searchParams.get("scope") ?? "",
        state: authorize.searchParams.get("state") ?? "",
        user_id: user.id,
        action: "authorize",
      }),
    });
    const done = await this.request(consent.headers.get("location") ?? "");
    if (done.status !== 303 || !this.cookies.has("warden_session")) {
      throw new Error(`the bench could not sign in to the dashboard (HTTP ${done.status})`);
    }
  }

  /** GETs a page and reads it whole; throws unless it answers 200. */
  async page(path: string): Promise<string> {
    const response = await this.request(`${this.base}${path}`);
    const html = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return html;
  }

  private async request(url: string): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      if (at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }
}
