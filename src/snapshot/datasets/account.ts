/**
 * AWS Account Management datasets (account-wide).
 *
 * Source: AWS Account Management API Reference, GetAlternateContact.
 */
import { defineDataset } from "../dataset.js";

/** The SECURITY alternate contact, or null (snapshot field `securityContact`). */
export const securityContact = defineDataset({
  name: "account.securityContact",
  scope: "account",
  title: "the security alternate contact",
  actions: ["account:GetAlternateContact"],
  dependsOn: [],
  stored: "field",
});
