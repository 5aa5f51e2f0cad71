/** STS actions (API 2011-06-15). */
import type { ActionHandler } from "./iam-actions.js";

/** STS actions by name. */
export const STS_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  GetCallerIdentity: (_params, context) => {
    const caller = context.caller();
    return { UserId: caller.userId, Account: context.state.accountId, Arn: caller.arn };
  },
};
