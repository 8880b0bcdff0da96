import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))))

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 }

/** scrypt with a random salt, stored as "scrypt$N$r$p$salt$hash" (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p })
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

interface ScryptHash {
  salt: Buffer
  hash: Buffer
  params: { N: number; r: number; p: number }
}

/** A stored "scrypt$N$r$p$salt$hash", or null when it is missing or not one. */
function parseHash(stored: string | null): ScryptHash | null {
  const [kind, n, r, p, salt, hash, ...rest] = (stored ?? '').split('$')
  const params = { N: Number(n), r: Number(r), p: Number(p) }
  if (kind !== 'scrypt' || rest.length || !salt || !hash || !Object.values(params).every((v) => Number.isInteger(v) && v > 0)) return null
  const parsed = { salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url'), params }
  return parsed.hash.length >= 16 ? parsed : null
}

let dummyHash: Promise<ScryptHash> | undefined

/**
 * The hash of a random password nobody knows, made once per process. An account that is unknown or
 * has no password is checked against it, so that answer takes as long as a wrong password.
 */
export function dummyPasswordHash(): Promise<ScryptHash> {
  return (dummyHash ??= hashPassword(randomSecret('dummy')).then((h) => parseHash(h)!))
}

/**
 * Constant-time check of a password against a stored hash. The scrypt work is the same whether or
 * not there is a hash to check (unknown account, account without password, unreadable hash), so the
 * time taken does not tell an unknown email from a wrong password.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = parseHash(stored)
  const against = parsed ?? (await dummyPasswordHash())
  const key = await scrypt(password, against.salt, against.hash.length, against.params)
  return timingSafeEqual(key, against.hash) && parsed !== null
}

/** A random secret with a readable prefix, e.g. "plt_…" for access tokens. */
export function randomSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`
}

/** How secrets are stored: SHA-256, so a database leak reveals no usable token. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** A short random id for rows. */
export function randomId(): string {
  return randomBytes(10).toString('hex')
}
