import crypto from 'node:crypto';

/** A new random UUID (v4) for a row. */
export const newId = (): string => crypto.randomUUID();

/** A random URL-safe secret of `bytes` bytes of entropy. */
export const randomSecret = (bytes = 32): string => crypto.randomBytes(bytes).toString('base64url');

/** SHA-256 hex of a secret; secrets are stored only this way. */
export const sha256 = (value: string): string => crypto.createHash('sha256').update(value).digest('hex');

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/** A readable one-time password: letters and digits without look-alikes (0/O, 1/l/I). */
export function generateOneTimePassword(length = 12): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const alphabet = letters + digits;
  const chars = Array.from({ length }, () => alphabet[crypto.randomInt(alphabet.length)]);
  chars[crypto.randomInt(length)] = digits[crypto.randomInt(digits.length)];
  let letterIndex = crypto.randomInt(length);
  while (/[0-9]/.test(chars[letterIndex])) letterIndex = (letterIndex + 1) % length;
  chars[letterIndex] = letters[crypto.randomInt(letters.length)];
  return chars.join('');
}
