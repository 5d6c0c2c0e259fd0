export interface ErrorDetail {
  field?: string;
  line?: number;
  message: string;
  [key: string]: unknown;
}

/** A refusal with a stable machine code, a message for people (Bahasa Indonesia) and the HTTP status it maps to. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    public details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The same refusal naming what was wrong: `throw X_ERRORS.error('CODE').with([{ field, message }])`. */
  with(details: ErrorDetail[]): this {
    this.details = details;
    return this;
  }
}
