/** Small deterministic PRNG (mulberry32 seeded through splitmix32). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    let z = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    this.s = (z ^ (z >>> 16)) >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  shuffle(a: Int32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const k = this.int(i + 1);
      const t = a[i];
      a[i] = a[k];
      a[k] = t;
    }
  }
  shuffleArray<T>(a: T[]): void {
    for (let i = a.length - 1; i > 0; i--) {
      const k = this.int(i + 1);
      const t = a[i];
      a[i] = a[k];
      a[k] = t;
    }
  }
}
