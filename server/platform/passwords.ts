import { hash, verify } from '@node-rs/argon2';

/** argon2id parameters: OWASP's minimum in production, cheap in tests. */
export type PasswordHasher = { hash: (password: string) => Promise<string>; verify: (hash: string, password: string) => Promise<boolean> };

export function createPasswordHasher(options: { fast?: boolean } = {}): PasswordHasher {
  const params = options.fast
    ? { memoryCost: 1024, timeCost: 1, parallelism: 1 }
    : { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
  return {
    hash: (password) => hash(password, { ...params, algorithm: 2 }),
    verify: async (passwordHash, password) => {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
  };
}
