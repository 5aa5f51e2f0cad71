/**
 * Collector of the AWS Account Management dataset (`snapshot/datasets/account.ts`).
 */
import { getSecurityContact } from "../security-contact.js";
import { accountCollector, ClientUnavailableError } from "./types.js";

export const securityContact = accountCollector({
  dataset: "account.securityContact",
  async collect(context) {
    if (!context.clients.account)
      throw new ClientUnavailableError(
        "NoAccountClient",
        `The security contact of account ${context.accountId} was asked for, but these AWS clients make no Account Management client.`,
      );
    return getSecurityContact(await context.clients.account(), context.accountId);
  },
  store: (draft, value) => {
    draft.securityContact = value;
  },
});
