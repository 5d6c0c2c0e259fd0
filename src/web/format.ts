import type { Role } from '../common/auth/auth-user';
import { formatDateId, MONTH_NAMES_ID } from '../common/format/nip';
import { formatNumberId, formatRupiah, RupiahInput } from '../common/money/rupiah';
import { isPeriod, periodShortLabel } from '../common/period/period';

/** What the pages print; every template gets these as `it.f`. */

export const rupiah = (n: RupiahInput | null | undefined): string => (n == null ? '–' : formatRupiah(n));
export const number = (n: RupiahInput | null | undefined): string => (n == null ? '–' : formatNumberId(n));

/** A volume: `1.200`, `2,5`. */
export function volume(v: number | string | null | undefined): string {
  if (v == null || v === '') return '–';
  const [int, dec] = String(v).split('.');
  return formatNumberId(int) + (dec ? `,${dec}` : '');
}

/** `1 Desember 2026`: a 'YYYY-MM-DD' as written, a timestamp in WIB. */
export const date = (d: Date | string | null | undefined): string => {
  if (d == null || d === '') return '–';
  if (typeof d === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(d)) return formatDateId(new Date(d));
  return formatDateId(d);
};

/** `M01` → Januari, `Q1` → Triwulan I, `S2` → Semester II, `FY` → Tahun Anggaran 2026. */
export function period(p: string, year = new Date().getUTCFullYear()): string {
  const m = /^M(0[1-9]|1[0-2])$/.exec(p);
  if (m) return MONTH_NAMES_ID[Number(m[1]) - 1];
  if (isPeriod(p)) return periodShortLabel(p, year);
  return p;
}

/** One decimal, comma as the decimal sign: 12,5 %. */
export function percent(part: number | null | undefined, whole: number | null | undefined): string {
  if (part == null || !whole) return '0 %';
  const v = Math.round((part / whole) * 1000) / 10;
  return `${v.toLocaleString('id-ID', { maximumFractionDigits: 1 })} %`;
}

const STATUS: Record<string, string> = {
  draft: 'Draf',
  submitted: 'Diajukan',
  returned: 'Dikembalikan',
  approved: 'Disetujui',
  superseded: 'Digantikan',
  amendment: 'Perubahan',
};

/** A plan version's status; a version after the first that is not yet approved is a Perubahan in the making. */
export function status(s: string | null | undefined, opts: { amendment?: boolean } = {}): string {
  if (!s) return 'Belum ada';
  if (opts.amendment && s !== 'approved' && s !== 'superseded') return `${STATUS.amendment} (${STATUS[s] ?? s})`;
  return STATUS[s] ?? s;
}

/** Bootstrap badge colour for a status. */
export function statusTone(s: string | null | undefined): string {
  switch (s) {
    case 'approved':
      return 'success';
    case 'submitted':
      return 'primary';
    case 'returned':
      return 'danger';
    case 'draft':
      return 'secondary';
    default:
      return 'light';
  }
}

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Admin Pemda',
  camat: 'Camat',
  lurah: 'Lurah',
  bendahara: 'Bendahara',
  auditor: 'Auditor',
};

export const role = (r: Role): string => ROLE_LABEL[r] ?? r;

export const FORMAT = { rupiah, number, volume, date, period, percent, status, statusTone, role };
export type Format = typeof FORMAT;
