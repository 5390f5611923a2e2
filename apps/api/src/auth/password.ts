import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with OWASP's minimum (19 MiB memory, 2 passes, 1 lane). The parameters are stored in each hash, so
 * raising them later re-hashes nobody: old hashes still verify.
 */
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum in the package's types, so written out here)
export const PASSWORD_HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing cannot be used to exhaust the server. */
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS as any);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

let dummy: Promise<string> | null = null;
/**
 * A hash to verify against when the username is unknown, so an unknown name takes as long as a wrong password
 * and response times do not reveal which usernames exist.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-just-for-equal-timing');
  return dummy;
}
