/**
 * How findings about one access key get a stable uid.
 */

/**
 * The uid identity of an access key: user ARN + creation time (ISO, seconds). It is stable across runs,
 * never depends on the report slot order, and is the same whether the key was judged from the
 * credential report or the IAM API. Two keys of one user created in the same second would collide:
 * then `disambiguator` (the access key id when known, else `slot-N`) is added, so every key keeps its
 * own uid.
 *
 * @param createdAt - the key's creation time as ISO text, or null when unknown.
 * @param otherKeysCreatedAt - the creation times of the user's other keys.
 */
export function accessKeyIdentity(
  userArn: string,
  createdAt: string | null,
  otherKeysCreatedAt: readonly (string | null)[],
  disambiguator: string,
): string[] {
  if (createdAt === null) return [userArn, "access-key", disambiguator];
  const base = [userArn, "access-key", createdAt];
  return otherKeysCreatedAt.includes(createdAt) ? [...base, disambiguator] : base;
}
