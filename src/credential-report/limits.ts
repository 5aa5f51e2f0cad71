/**
 * The longest values of a credential report's identity and free-text cells that are read: beyond them a
 * value is none that IAM writes, and is refused (a CSV report with its line and column, a snapshot file
 * with its field path) instead of being copied into every finding and output of the user.
 */

/** IAM's limit on a user name (CreateUser `UserName`: 1 to 64 characters). */
export const MAX_USER_NAME = 64;

/**
 * The longest ARN read: an IAM user's is at most about 620 characters (a path of up to 512, a name of
 * up to 64); 2,048 is the limit IAM's APIs put on an ARN parameter.
 */
export const MAX_ARN = 2048;

/**
 * The longest free-text cell (a key's last-used region or service) read: AWS writes a region or service
 * name of a few dozen characters at most (`us-gov-west-1`, `elasticloadbalancing`).
 */
export const MAX_TEXT_CELL = 128;
