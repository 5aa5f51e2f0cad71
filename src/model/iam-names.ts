/**
 * The forms IAM gives the names it acts on, for values that come from files rather than from IAM.
 */

/** An IAM user name as IAM allows it (CreateUser `UserName`): 1 to 64 of `A-Za-z0-9+=,.@_-`. */
const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;

/** An access key id as IAM allows it (AccessKeyMetadata `AccessKeyId`): 16 to 128 of `A-Za-z0-9_`. */
const ACCESS_KEY_ID = /^\w{16,128}$/;

/** Whether `name` is a user name IAM can have. */
export function isIamUserName(name: string): boolean {
  return IAM_USER_NAME.test(name);
}

/** Whether `id` is an access key id IAM can give. */
export function isAccessKeyId(id: string): boolean {
  return ACCESS_KEY_ID.test(id);
}
