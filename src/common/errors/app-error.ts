import { HttpStatus } from '@nestjs/common';

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

export const badRequest = (code: string, message: string, details: ErrorDetail[] = []) =>
  new AppError(HttpStatus.BAD_REQUEST, code, message, details);
export const forbidden = (code = 'FORBIDDEN', message = 'Peran Anda tidak diizinkan melakukan tindakan ini') =>
  new AppError(HttpStatus.FORBIDDEN, code, message);
export const notFound = (code: string, message: string) => new AppError(HttpStatus.NOT_FOUND, code, message);
export const conflict = (code: string, message: string, details: ErrorDetail[] = []) =>
  new AppError(HttpStatus.CONFLICT, code, message, details);
export const unprocessable = (code: string, message: string, details: ErrorDetail[] = []) =>
  new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, message, details);
