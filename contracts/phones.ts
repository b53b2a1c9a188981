/**
 * Chinese phone numbers, normalized once on input:
 * - mobile: 11 digits starting 13–19 (`13812345678`), a leading +86/86 is dropped;
 * - landline: area code and number joined by a dash (`021-58881234`, `0571-87651234`);
 *   area codes 010 and 02x have three digits, all others four; numbers 7 or 8 digits;
 * - service numbers: 400/800 with 10 digits (`400-123-4567`).
 */
export type PhoneKind = 'mobile' | 'landline' | 'service';

/** A normalized mainland mobile number: 11 digits starting 13–19. The one mobile check of the code base. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** Whether a (normalized) number is a mainland mobile, i.e. can receive an SMS. */
export function isMobile(phone: string): boolean {
  return MOBILE_PATTERN.test(phone);
}

export function normalizePhone(input: string): { phone: string; kind: PhoneKind } | null {
  let digits = input.trim().replace(/[\s\-()（）.]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (!/^\d+$/.test(digits)) return null;
  if (isMobile(digits)) return { phone: digits, kind: 'mobile' };
  if (/^(400|800)\d{7}$/.test(digits)) return { phone: `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`, kind: 'service' };
  if (digits.startsWith('0')) {
    const areaLength = /^0[12]/.test(digits) ? 3 : 4;
    const area = digits.slice(0, areaLength);
    const local = digits.slice(areaLength);
    if (/^[2-9]\d{6,7}$/.test(local)) {
      return { phone: `${area}-${local}`, kind: 'landline' };
    }
  }
  return null;
}

/** `13812341234` → `138****1234`; `021-58881234` → `021-****1234`. */
export function maskPhone(phone: string): string {
  if (isMobile(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const dash = phone.indexOf('-');
  if (dash > 0) return `${phone.slice(0, dash + 1)}****${phone.slice(-4)}`;
  return `****${phone.slice(-4)}`;
}
