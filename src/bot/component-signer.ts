import { createHmac, timingSafeEqual } from "node:crypto";
import { inject } from "tsyringe";
import { service } from "../service";
import { InstallSecretController } from "../controllers/install-secret-controller";

/** Discord refuses a custom id longer than this. */
export const MAX_CUSTOM_ID_LENGTH = 100;
const SEPARATOR = "~";
/** 96 bits of HMAC-SHA256: far beyond guessing through Discord's rate limits. */
const SIGNATURE_LENGTH = 16;
/** What a signature adds to a custom id. */
export const SIGNATURE_OVERHEAD = SEPARATOR.length + SIGNATURE_LENGTH;

/**
 * Signs the state a component carries in its custom id with this installation's key, so a forged or edited
 * custom id is refused before its handler runs. Authorization is never read from the state: the router
 * re-runs the owning command's permission check on every press.
 */
@service()
export class ComponentSigner {
  private key: Buffer | undefined;

  constructor(@inject(InstallSecretController) private readonly secrets: InstallSecretController) {}

  /** Reads (or makes) the installation's key; the router opens database components only after this. */
  async load(): Promise<void> {
    this.key ??= await this.secrets.secret("component-signing");
  }

  /** `customId` (`prefix:payload`) with its signature appended. */
  sign(customId: string): string {
    const signed = `${customId}${SEPARATOR}${this.signature(customId)}`;
    if (signed.length > MAX_CUSTOM_ID_LENGTH) throw new Error(`custom id too long once signed: ${customId}`);
    return signed;
  }

  /** The payload without its signature, or null when the signature is missing or wrong. */
  verify(prefix: string, signedPayload: string): string | null {
    const at = signedPayload.lastIndexOf(SEPARATOR);
    if (at === -1) return null;
    const payload = signedPayload.slice(0, at);
    const given = Buffer.from(signedPayload.slice(at + 1));
    const expected = Buffer.from(this.signature(`${prefix}:${payload}`));
    return given.length === expected.length && timingSafeEqual(given, expected) ? payload : null;
  }

  private signature(customId: string): string {
    if (!this.key) throw new Error("the component signing key is not loaded yet");
    return createHmac("sha256", this.key).update(customId).digest("base64url").slice(0, SIGNATURE_LENGTH);
  }
}
