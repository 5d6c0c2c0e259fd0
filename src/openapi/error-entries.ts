import type { ErrorStatus } from '../common/errors/catalogue';
import { CATALOGUES, type ErrorCode } from '../error-catalogue';

/**
 * Sample values for the messages that name values (a sum, a year, a region), so the document and `GET /api/errors`
 * show the sentence a client will really read. A code missing here is shown with its code as the message.
 */
const SAMPLE_ARGS: Partial<Record<ErrorCode, readonly unknown[]>> = {
  VALIDATION_FAILED: [['Jumlah']],
  YEAR_OUT_OF_RANGE: [2019, 2027],
  FORBIDDEN_ROLE: [],
  TOO_MANY_REQUESTS: [],
  BODY_TOO_DEEP: [32],
  ALLOCATION_BELOW_COMMITTED: ['DAU', 800_000_000, 950_000_000, 312_500_000],
  PERIOD_CLOSED: [2026, 3],
  BOOKS_INSUFFICIENT_CASH: ['TUNAI', 1_500_000, 2_750_000],
  BOOKS_TAX_EXCEEDS_WITHHELD: ['PPh 23', 275_000],
  BOOKS_TAX_ALREADY_DEPOSITED: ['PPN'],
  BOOKS_UNBALANCED: [2026, 3],
  BOOKS_PERIOD_NOT_CLOSED: [2026, 3],
  BOOKS_PERIOD_ALREADY_CLOSED: [2026, 3],
  BOOKS_DUPLICATE_DOCUMENT: ['SP2D', '00123/SP2D/LS/2026'],
  BOOKS_DUPLICATE_NTPN: ['0A1B2C3D4E5F6G7H'],
  BOOKS_DATE_REFUSED: ['tanggal tidak boleh sesudah hari ini'],
  DOCUMENT_NOT_FOUND: ['DK/35.73.01.1001/2026/000123'],
  DOCUMENT_TOO_LARGE: [20],
  EVIDENCE_NAME_MISMATCH: ['kuitansi.pdf', 'JPEG'],
  PRICE_ABOVE_CEILING: ['Semen portland 50 kg', 95_000, 82_000, '1.1.7.01.03.01.001'],
  PRICE_ESTIMATE_REASON_REQUIRED: ['Sewa tenda pelatihan', 1_750_000, 1_500_000, '1.1.2.02.01.03.004'],
  AUDIT_EXPORT_TOO_LARGE: ['62.500', '50.000'],
  STANDARD_PRICE_CSV_INVALID: ['baris 3: harga bukan angka'],
  PLAN_EXISTS: [2026],
  PLAN_INVALID_TRANSITION: ['Hanya rencana berstatus diajukan yang dapat disetujui'],
  PLAN_NO_ALLOCATION: [2026, 950_000_000],
  PLAN_OVER_ALLOCATION: [1_025_000_000, 1_000_000_000],
  PLAN_OVER_SOURCE: ['DAU', 620_000_000, 600_000_000],
  LINE_BELOW_SPENT: ['Paving jalan RW 03', 40_000_000, 45_500_000],
  LINE_HAS_SPENDING: ['Paving jalan RW 03', 45_500_000],
  REGION_NOT_FOUND: ['35.73.01'],
  KELURAHAN_NOT_FOUND: ['35.73.01.1001'],
  REGION_UNKNOWN: ['35.73.09'],
  REGION_IMPORT_INVALID: ['kode kelurahan 35.73.01.10x tidak sah', 14],
  REGION_IMPORT_SCOPE: ['35.73'],
  SPENDING_DUPLICATE_EVIDENCE_NO: ['KW-017/III/2026', '2026-03-12'],
  SPENDING_PLAN_NOT_APPROVED: ['plan'],
  SPENDING_EXCEEDS_LINE: [12_000_000, 7_250_000, 45_000_000],
  USERNAME_TAKEN: ['lurah.kauman'],
  USER_ROLE_REGION_MISMATCH: ['lurah', 'kelurahan'],
  UPLOAD_FILE_REQUIRED: ['file'],
  UPLOAD_TOO_LARGE: ['20 MB'],
};

export interface ErrorEntry {
  code: ErrorCode;
  status: ErrorStatus;
  /** The message as a client reads it; for a message that names values, with sample values. */
  message: string;
  /** Whether the message names values of the request (then the text above is an example). */
  parameterised: boolean;
}

function render(code: ErrorCode, message: string | ((...args: never[]) => string)): string {
  if (typeof message === 'string') return message;
  const args = SAMPLE_ARGS[code];
  if (!args) return code;
  return (message as (...a: readonly unknown[]) => string)(...args);
}

/** Every code of every catalogue, sorted by code: the list `GET /api/errors` answers and the document draws from. */
export function errorEntries(): ErrorEntry[] {
  const out: ErrorEntry[] = [];
  for (const catalogue of CATALOGUES) {
    for (const [code, spec] of Object.entries(catalogue.catalogue)) {
      out.push({ code: code as ErrorCode, status: spec.status, message: render(code as ErrorCode, spec.message), parameterised: typeof spec.message === 'function' });
    }
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

let byCode: Map<string, ErrorEntry> | undefined;
export function errorEntry(code: ErrorCode): ErrorEntry {
  byCode ??= new Map(errorEntries().map((e) => [e.code, e]));
  const entry = byCode.get(code);
  if (!entry) throw new Error(`error code ${code} is in no catalogue`);
  return entry;
}
