/** Limits shared by forms and API so both reject the same input. */
export const LIMITS = {
  usernameMin: 3,
  usernameMax: 32,
  displayNameMax: 64,
  passwordMin: 10,
  passwordMax: 128,
  outletCodeMax: 32,
  outletNameMax: 100,
  tokenNameMax: 64,
  textMax: 500,
  pageSizeMax: 200,
  /** Largest JSON body the API accepts, in bytes. */
  bodyLimitBytes: 1_048_576,
  /** Failed sign-ins before the account is locked. */
  loginMaxFailures: 5,
  /** Minutes an account stays locked after too many failures. */
  loginLockMinutes: 15,
} as const;
