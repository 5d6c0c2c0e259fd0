import { statusTable } from './common/errors/catalogue';
import { COMMON_ERRORS } from './common/errors/common.errors';
import { HTTP_ERRORS } from './common/http/http.errors';
import { ALLOCATION_ERRORS } from './modules/allocations/allocations.errors';
import { UPLOAD_ERRORS } from './common/upload/upload.errors';
import { AUDIT_ERRORS } from './modules/audit/audit.errors';
import { AUTH_ERRORS } from './modules/auth/auth.errors';
import { BOOKS_ERRORS } from './modules/books/books.errors';
import { DOCUMENT_ERRORS } from './modules/documents/documents.errors';
import { EVIDENCE_ERRORS } from './modules/evidence/evidence.errors';
import { FLAG_ERRORS } from './modules/flags/flags.errors';
import { PLAN_ERRORS } from './modules/plans/plans.errors';
import { REGION_ERRORS } from './modules/regions/regions.errors';
import { REPORT_ERRORS } from './modules/reports/reports.errors';
import { SPENDING_BOOKS_ERRORS } from './modules/spending/spending-books.errors';
import { SPENDING_ERRORS } from './modules/spending/spending.errors';
import { USER_ERRORS } from './modules/users/users.errors';
import { WEB_ERRORS } from './web/web.errors';

/**
 * The one code → status table the global error filter answers with, built from every module's catalogue
 * (`src/modules/<module>/<module>.errors.ts`); a catalogue left out here is caught by its test.
 */
export const CATALOGUES = [
  COMMON_ERRORS, HTTP_ERRORS, ALLOCATION_ERRORS, AUDIT_ERRORS, AUTH_ERRORS, DOCUMENT_ERRORS, PLAN_ERRORS, REGION_ERRORS, REPORT_ERRORS, SPENDING_ERRORS, USER_ERRORS, WEB_ERRORS,
  BOOKS_ERRORS, SPENDING_BOOKS_ERRORS, EVIDENCE_ERRORS, UPLOAD_ERRORS, FLAG_ERRORS,
] as const;

export const ERROR_STATUS = statusTable(...CATALOGUES);

export type ErrorCode = keyof typeof ERROR_STATUS;
