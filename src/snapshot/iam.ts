/**
 * IAM data read through the API (not the credential report), as plain types. Times are UTC.
 * Sources: IAM API Reference — ListUsers, GetLoginProfile, ListAccessKeys, GetAccessKeyLastUsed.
 */

/** An IAM user as ListUsers / GetUser return it. */
export interface IamUser {
  readonly userName: string;
  readonly userId: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: Date;
  /** When the console password was last used, if IAM knows. */
  readonly passwordLastUsed?: Date;
}

/** A console password (login profile). */
export interface LoginProfile {
  readonly createDate: Date;
  readonly passwordResetRequired: boolean;
}

/** When and where an access key was last used. All null for a key never used. */
export interface AccessKeyLastUsed {
  readonly date: Date | null;
  readonly serviceName: string | null;
  readonly region: string | null;
}

/** An access key's metadata (never its secret: IAM returns the secret only at creation). */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly userName: string;
  readonly status: "Active" | "Inactive";
  readonly createDate: Date;
}

/** A user's console password and access keys as the API reports them at `checkedAt`. */
export interface UserCredentials {
  readonly user: IamUser;
  readonly loginProfile: LoginProfile | null;
  readonly accessKeys: readonly (AccessKey & { readonly lastUsed: AccessKeyLastUsed })[];
  readonly checkedAt: Date;
}
