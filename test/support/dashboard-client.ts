import type { DiscordSimulator, SimUser } from "../../simulator";

export interface PageResponse {
  status: number;
  location: string | null;
  html: string;
  setCookies: string[];
  headers: Headers;
}

/**
 * A browser without a browser: fetch with a cookie jar and no automatic redirects, for the dashboard's
 * HTTP tests (what each request answers, which cookies it sets). Paths are kept per name only.
 */
export class DashboardClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    private readonly sim: DiscordSimulator,
  ) {}

  get(path: string): Promise<PageResponse> {
    return this.request("GET", path);
  }

  /** A form post; URLSearchParams for a field sent more than once (a multi-select, checkboxes). */
  post(path: string, form: Record<string, string> | URLSearchParams): Promise<PageResponse> {
    return this.request("POST", path, new URLSearchParams(form));
  }

  /** Signs in as `user` through the simulator's consent page; returns the callback's answer. */
  async signIn(user: SimUser): Promise<PageResponse> {
    const start = await this.get("/auth/sign-in");
    const authorize = new URL(start.location ?? "");
    const consent = await fetch(this.sim.authorizeUrl, {
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
    const callback = new URL(consent.headers.get("location") ?? "");
    return this.get(`${callback.pathname}${callback.search}`);
  }

  /** The CSRF token of the forms on a page. */
  static csrfToken(html: string): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error("the page has no CSRF token");
    return token;
  }

  private async request(method: string, path: string, body?: URLSearchParams): Promise<PageResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(`${this.base}${path}`, {
      method,
      redirect: "manual",
      headers: {
        "accept-language": "en",
        ...(cookie ? { cookie } : {}),
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      ...(body ? { body } : {}),
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.remember(line);
    return {
      status: response.status,
      location: response.headers.get("location"),
      html: await response.text(),
      setCookies,
      headers: response.headers,
    };
  }

  private remember(line: string): void {
    const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
    const at = pair.indexOf("=");
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const gone =
      value === "" ||
      attributes.some((attribute) => /^max-age=0$/i.test(attribute)) ||
      attributes.some(
        (attribute) => /^expires=/i.test(attribute) && Date.parse(attribute.slice(8)) < Date.now(),
      );
    if (gone) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
