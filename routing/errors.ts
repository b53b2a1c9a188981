/** Thrown (before solving) when the problem is malformed. `field` is a path like `jobs[3].timeWindows[0]`. */
export class RoutingInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'RoutingInputError';
    this.field = field;
  }
}
