import { Regions1764300000000 } from './1764300000000-regions';
import { Users1764300000100 } from './1764300000100-users';
import { Audit1764300000200 } from './1764300000200-audit';
import { Budget1764300000300 } from './1764300000300-budget';
import { Documents1764300000400 } from './1764300000400-documents';
import { IdempotencyScope1764400000000 } from './1764400000000-idempotency-scope';
import { DocumentVoid1764400000100 } from './1764400000100-document-void';
import { Books1764600000000 } from './1764600000000-books';
import { AuditPartitions1764700000000 } from './1764700000000-audit-partitions';
import { WebSessions1764500000000 } from './1764500000000-web-sessions';
import { DocumentIssuance1764800000000 } from './1764800000000-document-issuance';
import { ReportJobs1764800000100 } from './1764800000100-report-jobs';
import { LoginThrottleAndTokenEpoch1764900000000 } from './1764900000000-login-throttle-and-token-epoch';
import { AllocationSources1764900000100 } from './1764900000100-allocation-sources';
import { Flags1765100000000 } from './1765100000000-flags';
import { BookingRoundTrips1765700000000 } from './1765700000000-booking-round-trips';
import { SpendingPay1765800000000 } from './1765800000000-spending-pay';
import { PartialUniqueIndexes1765900000000 } from './1765900000000-partial-unique-indexes';
import { PaymentStatements1765900000100 } from './1765900000100-payment-statements';

// Every migration in order; add new ones at the end.
export const MIGRATIONS: Function[] = [
  Regions1764300000000, Users1764300000100, Audit1764300000200, Budget1764300000300, Documents1764300000400,
  IdempotencyScope1764400000000,
  DocumentVoid1764400000100,
  WebSessions1764500000000,
  Books1764600000000,
  AuditPartitions1764700000000,
  DocumentIssuance1764800000000,
  ReportJobs1764800000100,
  LoginThrottleAndTokenEpoch1764900000000,
  AllocationSources1764900000100,
  Flags1765100000000,
  BookingRoundTrips1765700000000,
  SpendingPay1765800000000,
  PartialUniqueIndexes1765900000000,
  PaymentStatements1765900000100,
];
