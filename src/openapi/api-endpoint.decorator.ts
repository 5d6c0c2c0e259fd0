import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { ErrorCode } from '../error-catalogue';

export const API_ENDPOINT_ERRORS = 'openapi:errorCodes';

export interface ApiEndpointOptions {
  /** One line, Bahasa Indonesia (field names stay English). */
  summary: string;
  /** What the operation does, who may call it and what it refuses, Bahasa Indonesia. */
  description: string;
  /**
   * The codes this operation's own logic may answer with. Their HTTP status and message come from the error
   * catalogue; the refusals of the guards and pipes (401, 403 role, 400 validation, 413, 415 …) are added by the
   * document builder from the route itself (src/openapi/openapi-document.ts), so they are not listed here.
   */
  errors?: readonly ErrorCode[];
}

/**
 * Documents one API operation: summary and description, and every 4xx it can answer with the `code` values each
 * status may carry (`@ApiEndpoint({ summary, description, errors: ['PLAN_NOT_FOUND', 'PLAN_OVER_ALLOCATION'] })`).
 */
export function ApiEndpoint(options: ApiEndpointOptions): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary: options.summary, description: options.description }),
    SetMetadata(API_ENDPOINT_ERRORS, [...(options.errors ?? [])]),
  );
}
