import { capitalizeFirst, percent, terbilangRupiah } from '../../../common/money/rupiah';
import { formatDateId, formatNip } from '../../../common/format/nip';
import type {
  ProgramKegiatan,
  CodeName,
  DocumentFooter,
  DocumentFooterInput,
  RegionIdentity,
  RegionRef,
  ReportRegionLevel,
  SignatureInput,
  SignatureSection,
  Signatory,
  SpendingCategory,
} from './report.types';

// National codes (Permendagri 90/2019 nomenclature) under which every kelurahan fund is budgeted.
export const PROGRAM_KEGIATAN: ProgramKegiatan = {
  program: { code: '7.01.03', name: 'Program Pemberdayaan Masyarakat Desa dan Kelurahan' },
  kegiatan: { code: '7.01.03.2.02', name: 'Kegiatan Pemberdayaan Kelurahan' },
};

export const SUB_KEGIATAN: Record<SpendingCategory, CodeName> = {
  sarpras: { code: '7.01.03.2.02.0002', name: 'Pembangunan Sarana dan Prasarana Kelurahan' },
  pemberdayaan: { code: '7.01.03.2.02.0003', name: 'Pemberdayaan Masyarakat di Kelurahan' },
};

export const CATEGORY_LETTER: Record<SpendingCategory, string> = { sarpras: 'A', pemberdayaan: 'B' };

export const REALISASI_TITLE = 'LAPORAN REALISASI PENGGUNAAN DANA KELURAHAN';
export const PLAN_TITLE = 'RENCANA KEGIATAN DAN ANGGARAN KELURAHAN';

export const CHILD_LEVEL: Record<Exclude<ReportRegionLevel, 'kelurahan'>, ReportRegionLevel> = {
  kecamatan: 'kelurahan',
  kabkota: 'kecamatan',
  provinsi: 'kabkota',
};

// A float or a string here means the SQL or the caller is wrong; refuse rather than print a rounded figure.
export function assertRupiah(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a whole rupiah amount, got ${String(value)}`);
  }
  return value;
}

export function assertCategory(value: unknown, what: string): SpendingCategory {
  if (value !== 'sarpras' && value !== 'pemberdayaan') {
    throw new RangeError(`${what} must be 'sarpras' or 'pemberdayaan', got ${String(value)}`);
  }
  return value;
}

export function assertFiniteNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${what} must be a finite number, got ${String(value)}`);
  }
  return value;
}

/** Two decimals, 0 when the base is 0 (OpenSID once printed 100% for nothing spent). */
export function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : percent(part, whole);
}

export function totalInWords(amount: number): string {
  return capitalizeFirst(terbilangRupiah(amount));
}

function requireRegion(region: RegionIdentity, key: ReportRegionLevel): RegionRef {
  const ref = region[key];
  if (!ref || !ref.code || !ref.name) throw new RangeError(`region.${key} is required for a ${region.level} report`);
  return ref;
}

const REQUIRED_ANCESTORS: Record<ReportRegionLevel, ReportRegionLevel[]> = {
  kelurahan: ['kelurahan', 'kecamatan', 'kabkota'],
  kecamatan: ['kecamatan', 'kabkota'],
  kabkota: ['kabkota'],
  provinsi: ['provinsi'],
};

/** A copy holding only the ancestors that exist, so the model's JSON has no undefined keys. */
export function normalizeRegion(region: RegionIdentity): RegionIdentity {
  for (const key of REQUIRED_ANCESTORS[region.level]) requireRegion(region, key);
  const out: RegionIdentity = { level: region.level };
  for (const key of ['kelurahan', 'kecamatan', 'kabkota', 'provinsi'] as const) {
    const ref = region[key];
    if (ref) out[key] = { code: ref.code, name: ref.name };
  }
  return out;
}

/** Kab/kota names already read "Kota Malang" / "Kabupaten Malang", so they print as they are. */
export function regionTitle(region: RegionIdentity): string {
  const up = (key: ReportRegionLevel) => requireRegion(region, key).name.toUpperCase();
  switch (region.level) {
    case 'kelurahan':
      return `KELURAHAN ${up('kelurahan')} KECAMATAN ${up('kecamatan')}`;
    case 'kecamatan':
      return `KECAMATAN ${up('kecamatan')}`;
    case 'kabkota':
      return up('kabkota');
    case 'provinsi':
      return `PROVINSI ${up('provinsi')}`;
  }
}

export function toIsoString(value: Date | string, what: string): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`${what} is not a valid date: ${String(value)}`);
  return d.toISOString();
}

/** A calendar date 'YYYY-MM-DD' prints as is; a Date or an ISO timestamp prints in WIB. */
export function formatDateLabel(value: Date | string, what: string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDateId(value);
  return formatDateId(new Date(toIsoString(value, what)));
}

const blankToNull = (s: string | null | undefined): string | null => (s == null || s.trim() === '' ? null : s.trim());

export function buildSignatureSection(input: SignatureInput): SignatureSection {
  const dateLabel = formatDateLabel(input.date, 'signature.date');
  const signatories: Signatory[] = input.signatories.map((s) => {
    const nip = blankToNull(s.nip);
    return {
      role: s.role,
      name: s.name.trim(),
      nip,
      nipFormatted: nip ? formatNip(nip) : null,
      rank: blankToNull(s.rank),
      roleLabel: s.roleLabel ?? null,
      title: blankToNull(s.title),
      subtitle: blankToNull(s.subtitle),
      deputy: s.deputy ?? null,
    };
  });
  return { place: input.place, dateLabel, placeDateLine: `${input.place}, ${dateLabel}`, signatories };
}

/** The fingerprint is filled in by the builder once the figures exist (see fingerprint.ts). */
export function buildDocumentFooter(input: DocumentFooterInput, fingerprint: string): DocumentFooter {
  return {
    documentNumber: input.documentNumber,
    verifyUrl: input.verifyUrl,
    qrPayload: input.qrPayload ?? input.verifyUrl,
    dataSha256: input.dataSha256 ?? fingerprint,
    issuedAt: toIsoString(input.issuedAt, 'document.issuedAt'),
    issuedBy: input.issuedBy ?? null,
  };
}

// Kode rekening segments compare as numbers, so 5.1.2 sorts before 5.1.10 even when a Pemda does not zero-pad.
export function compareAccountCode(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const na = /^\d+$/.test(pa[i]) ? Number(pa[i]) : NaN;
    const nb = /^\d+$/.test(pb[i]) ? Number(pb[i]) : NaN;
    const c = !Number.isNaN(na) && !Number.isNaN(nb) ? na - nb : pa[i] < pb[i] ? -1 : pa[i] > pb[i] ? 1 : 0;
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });
// One collator for the tie-break too: localeCompare with options builds an ICU collator on every call, which in a
// sort of thousands of lines took seconds and a hundred MB of native memory.
const idCollator = new Intl.Collator('en', { numeric: true });

export function compareLines(
  a: { accountCode: string; description: string; lineId: string | null },
  b: { accountCode: string; description: string; lineId: string | null },
): number {
  return (
    compareAccountCode(a.accountCode, b.accountCode) ||
    collator.compare(a.description, b.description) ||
    // Last resort keeps equal-looking lines in a stable order between renders.
    idCollator.compare(a.lineId ?? '', b.lineId ?? '')
  );
}
