import type { BookDocumentModel } from '../books/book-documents';
import type { Period } from '../../../common/period/period';

// Everything here is plain data (strings, numbers, arrays, objects) so a model can be posted to a worker thread.

export type SpendingCategory = 'sarpras' | 'pemberdayaan';
export const SPENDING_CATEGORIES: readonly SpendingCategory[] = ['sarpras', 'pemberdayaan'];

export type ReportRegionLevel = 'kelurahan' | 'kecamatan' | 'kabkota' | 'provinsi';
export type AggregateLevel = Exclude<ReportRegionLevel, 'kelurahan'>;

export interface RegionRef {
  code: string;
  name: string;
}

/** The report's own region plus its ancestors; which ones are required depends on `level`. */
export interface RegionIdentity {
  level: ReportRegionLevel;
  kelurahan?: RegionRef;
  kecamatan?: RegionRef;
  kabkota?: RegionRef;
  provinsi?: RegionRef;
}

export interface CodeName {
  code: string;
  name: string;
}

/** Program and kegiatan under which the fund sits in the kecamatan's DPA (Permendagri 90/2019). */
export interface ProgramKegiatan {
  program: CodeName;
  kegiatan: CodeName;
}

export type SignatoryRole = 'camat' | 'lurah' | 'kabkota' | 'provinsi' | 'bendahara' | 'sekretaris' | 'other';

/** Who signs; the wording above the name (roleLabel, title, subtitle) comes from the template unless given here. */
export interface SignatoryInput {
  role: SignatoryRole;
  name: string;
  nip?: string | null;
  /** Pangkat/golongan, e.g. "Pembina (IV/a)". */
  rank?: string | null;
  /** Line above the title, e.g. "Mengetahui,". */
  roleLabel?: string | null;
  /** Jabatan, e.g. "Camat Klojen". */
  title?: string | null;
  /** Line under the title, e.g. "(Pengguna Anggaran)". */
  subtitle?: string | null;
  /** Signs in the official's stead: the block's jabatan prints as "Plh. Camat Klojen". */
  deputy?: 'Plh' | 'Plt' | null;
}

export interface Signatory {
  role: SignatoryRole;
  name: string;
  /** Digits as given (null when absent). */
  nip: string | null;
  /** "19840929 201001 2 006" (null when absent). */
  nipFormatted: string | null;
  rank: string | null;
  roleLabel: string | null;
  title: string | null;
  subtitle: string | null;
  deputy: 'Plh' | 'Plt' | null;
}

export interface SignatureInput {
  place: string;
  /** A Date or a calendar date 'YYYY-MM-DD'. */
  date: Date | string;
  signatories: SignatoryInput[];
}

export interface SignatureSection {
  place: string;
  dateLabel: string;
  /** "Malang, 29 September 2026". */
  placeDateLine: string;
  signatories: Signatory[];
}

/** Registry data printed in every page footer; the caller (document registry) owns the number and the URL. */
export interface DocumentFooterInput {
  documentNumber: string;
  verifyUrl: string;
  /** What the QR code encodes; the verify URL when absent. */
  qrPayload?: string;
  /** Printed hash; modelFingerprint(model) when absent (the PDF cannot print the hash of its own bytes). */
  dataSha256?: string;
  /** Fixes the PDF creation date so the same model gives the same text. */
  issuedAt: Date | string;
  /** Person or system issuing the document (PDF metadata only). */
  issuedBy?: string | null;
}

export interface DocumentFooter {
  documentNumber: string;
  verifyUrl: string;
  qrPayload: string;
  dataSha256: string;
  /** ISO 8601. */
  issuedAt: string;
  issuedBy: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Realisasi report: input rows as the roll-up SQL returns them (money = whole rupiah, already summed).

export interface KelurahanLineRow {
  lineId: string | number;
  category: SpendingCategory;
  subType: string;
  accountCode: string;
  description: string;
  volume: number;
  unit: string;
  budget: number;
  realizedBefore: number;
  realizedInPeriod: number;
  /** Where the work happens (RT/RW, street), printed labelled under the uraian. */
  location?: string | null;
  /** Funding-source code of the line (DAU_SG, APBD, …). */
  fundingSource?: string | null;
}

export interface CategoryFiguresRow {
  planned: number;
  realizedBefore: number;
  realizedInPeriod: number;
}

export interface AggregateRow {
  code: string;
  name: string;
  allocation: number;
  planned: number;
  realizedBefore: number;
  realizedInPeriod: number;
  byCategory?: Partial<Record<SpendingCategory, CategoryFiguresRow>>;
}

interface RealisasiInputBase {
  region: RegionIdentity;
  year: number;
  period: Period;
  signature: SignatureInput;
  document: DocumentFooterInput;
}

export interface KelurahanRealisasiInput extends RealisasiInputBase {
  /** Pagu dana kelurahan for the year. */
  allocation: number;
  lines: KelurahanLineRow[];
}

export interface AggregateRealisasiInput extends RealisasiInputBase {
  rows: AggregateRow[];
}

// ---------------------------------------------------------------------------------------------------------------
// Realisasi report: the model.

/** Budget vs realisation figures shared by lines, subtotals and totals. */
export interface RealisasiFigures {
  budget: number;
  realizedBefore: number;
  realizedInPeriod: number;
  realizedToDate: number;
  /** budget − realizedToDate; negative when overspent. */
  remaining: number;
  /** realizedToDate / budget × 100, two decimals, 0 when budget is 0. */
  percent: number;
}

export interface RealisasiLine extends RealisasiFigures {
  no: number;
  lineId: string;
  category: SpendingCategory;
  subType: string;
  accountCode: string;
  description: string;
  volume: number;
  unit: string;
  location: string | null;
  fundingSource: string | null;
}

export interface RealisasiGroup {
  /** "A" for sarpras, "B" for pemberdayaan, as the domain numbers the two categories. */
  letter: string;
  category: SpendingCategory;
  /** Sub-kegiatan. */
  subKegiatan: CodeName;
  lines: RealisasiLine[];
  subtotal: RealisasiFigures;
}

export interface AggregateFigures {
  allocation: number;
  planned: number;
  realizedBefore: number;
  realizedInPeriod: number;
  realizedToDate: number;
  /** planned − realizedToDate. */
  remaining: number;
  /** realizedToDate / planned × 100, two decimals, 0 when planned is 0. */
  percent: number;
}

export interface AggregateReportRow extends AggregateFigures {
  no: number;
  code: string;
  name: string;
}

export interface CategoryTotal extends RealisasiFigures {
  letter: string;
  category: SpendingCategory;
  subKegiatan: CodeName;
}

/** Which figure a terbilang line spells out, so the reader never has to guess. */
export type WordsFigure = 'realizedInPeriod' | 'realizedToDate' | 'planned' | 'planDifference';

export interface AmountInWords {
  figure: WordsFigure;
  amount: number;
  /** "Seratus juta rupiah". */
  words: string;
}

interface RealisasiModelBase {
  schema: 'realisasi/v1';
  kind: 'realisasi';
  year: number;
  period: Period;
  /** "Triwulan II Tahun Anggaran 2026". */
  periodLabel: string;
  region: RegionIdentity;
  /** "KELURAHAN X KECAMATAN Y", "KECAMATAN Y", "KOTA MALANG". */
  regionTitle: string;
  /** Built-in wording; the PDF takes its title lines from the template. */
  titleLines: string[];
  programKegiatan: ProgramKegiatan;
  /** Always both categories, sarpras then pemberdayaan; all zeros when the rows carry no split. */
  byCategory: CategoryTotal[];
  /** False for an aggregate whose rows carried no byCategory split (the PDF then omits that table). */
  hasCategorySplit: boolean;
  /** Terbilang of total.realizedToDate, capitalised: "Seratus juta rupiah". */
  totalInWords: string;
  /** The terbilang lines, each naming its figure: the period's realisasi (when it differs) and the cumulative. */
  amountsInWords: AmountInWords[];
  /** Distinct funding-source codes of the lines, in code order (empty for an aggregate report). */
  fundingSources: string[];
  signature: SignatureSection;
  document: DocumentFooter;
}

export interface KelurahanRealisasiModel extends RealisasiModelBase {
  level: 'kelurahan';
  allocation: number;
  groups: RealisasiGroup[];
  total: RealisasiFigures;
  /** total.budget / allocation × 100: how much of the pagu the plan uses. */
  plannedOfAllocationPercent: number;
  /** total.realizedToDate / allocation × 100. */
  realizedOfAllocationPercent: number;
}

export interface AggregateRealisasiModel extends RealisasiModelBase {
  level: AggregateLevel;
  /** The level of the rows: kelurahan for a kecamatan report, and so on. */
  childLevel: ReportRegionLevel;
  rows: AggregateReportRow[];
  total: AggregateFigures;
}

export type RealisasiReportModel = KelurahanRealisasiModel | AggregateRealisasiModel;

// ---------------------------------------------------------------------------------------------------------------
// Plan document (RKA kelurahan for signature).

export type PlanStatus = 'draft' | 'submitted' | 'approved' | 'returned' | 'superseded' | (string & {});

export interface PlanLineRow {
  lineId?: string | number;
  category: SpendingCategory;
  subType: string;
  accountCode: string;
  description: string;
  volume: number;
  unit: string;
  unitPrice: number;
  /** volume × unitPrice as stored (whole rupiah). */
  amount: number;
  location?: string | null;
  fundingSource?: string | null;
}

export interface PlanApprovalInput {
  approvedAt: Date | string;
  approverName: string;
  approverTitle?: string | null;
  approverNip?: string | null;
}

export interface PlanDocumentInput {
  region: RegionIdentity;
  year: number;
  planId?: string | number;
  version: number;
  status: PlanStatus;
  allocation: number;
  lines: PlanLineRow[];
  approval?: PlanApprovalInput | null;
  /** For an amendment (perubahan): the version it replaces, so the document shows semula beside menjadi. */
  previous?: { version: number; lines: PlanLineRow[] } | null;
  /** The version that replaced this one, when it is superseded. */
  supersededBy?: number | null;
  signature: SignatureInput;
  document: DocumentFooterInput;
}

export interface PlanLine {
  no: number;
  lineId: string | null;
  category: SpendingCategory;
  subType: string;
  accountCode: string;
  description: string;
  volume: number;
  unit: string;
  unitPrice: number;
  amount: number;
  location: string | null;
  fundingSource: string | null;
}

export interface PlanGroup {
  letter: string;
  category: SpendingCategory;
  subKegiatan: CodeName;
  lines: PlanLine[];
  subtotal: number;
  /** subtotal / allocation × 100. */
  percentOfAllocation: number;
}

export interface PlanApproval {
  approvedAt: string;
  approvedAtLabel: string;
  approverName: string;
  approverTitle: string | null;
  approverNipFormatted: string | null;
}

/** One side of an amended line: semula (before) or menjadi (after). */
export interface PlanLineSide {
  volume: number;
  unit: string;
  unitPrice: number;
  amount: number;
}

export interface PlanChangeLine {
  no: number;
  lineId: string | null;
  category: SpendingCategory;
  subType: string;
  accountCode: string;
  description: string;
  location: string | null;
  fundingSource: string | null;
  /** null: the line is new in this version. */
  before: PlanLineSide | null;
  /** null: the line was removed in this version. */
  after: PlanLineSide | null;
  /** after − before (bertambah, or berkurang when negative). */
  difference: number;
}

export interface PlanChangeGroup {
  letter: string;
  category: SpendingCategory;
  subKegiatan: CodeName;
  lines: PlanChangeLine[];
  before: number;
  after: number;
  difference: number;
}

/** The DPPA/RKA perubahan view: every line of either version, semula beside menjadi. */
export interface PlanAmendment {
  previousVersion: number;
  groups: PlanChangeGroup[];
  totalBefore: number;
  totalAfter: number;
  difference: number;
}

export interface PlanDocumentModel {
  schema: 'plan/v1';
  kind: 'plan';
  level: 'kelurahan';
  year: number;
  planId: string | null;
  version: number;
  status: PlanStatus;
  region: RegionIdentity;
  regionTitle: string;
  titleLines: string[];
  programKegiatan: ProgramKegiatan;
  allocation: number;
  groups: PlanGroup[];
  total: number;
  /** allocation − total: pagu not yet planned (negative when the plan exceeds it). */
  unplanned: number;
  percentOfAllocation: number;
  totalInWords: string;
  amountsInWords: AmountInWords[];
  fundingSources: string[];
  approval: PlanApproval | null;
  /** Set for an amendment (version > 1 with the replaced version given). */
  amendment: PlanAmendment | null;
  /** The version that replaced this one; its approval stamp then no longer applies. */
  supersededBy: number | null;
  signature: SignatureSection;
  document: DocumentFooter;
}

export type ReportModel = RealisasiReportModel | PlanDocumentModel | BookDocumentModel;
