import ExcelJS from 'exceljs';
import type { AuditEventDto } from '../../modules/audit/audit.dto';
import { formatRupiah } from '../../common/money/rupiah';
import { isPeriod, periodLabel } from '../../common/period/period';

/** What the audit pages print: actions and fields in words, before/after as a table of changed values, the exports. */

const ACTION_LABEL: Record<string, string> = {
  'plan.create': 'Rencana dibuat',
  'plan.submit': 'Rencana diajukan',
  'plan.return': 'Rencana dikembalikan',
  'plan.approve': 'Rencana disetujui',
  'plan.amend': 'Perubahan rencana dibuka',
  'plan.line.add': 'Rincian ditambahkan',
  'plan.line.update': 'Rincian diubah',
  'plan.line.delete': 'Rincian dihapus',
  'allocation.create': 'Pagu ditetapkan',
  'allocation.update': 'Pagu diubah',
  'allocation.bulk': 'Pagu ditetapkan massal',
  'spending.record': 'Realisasi dicatat',
  'spending.reverse': 'Realisasi dibatalkan',
  'document.issue': 'Dokumen diterbitkan',
  'document.void': 'Nomor dokumen dibatalkan',
  'document.supersede': 'Dokumen digantikan',
  'books.period.close': 'Bulan buku ditutup',
  'books.period.reopen': 'Bulan buku dibuka kembali',
  'books.tax.deposit': 'Pajak disetor',
  'flag.explain': 'Peringatan dijelaskan',
  'flag.resolve': 'Peringatan diselesaikan',
  'region.import': 'Wilayah diimpor',
  'standard_price.import': 'Standar harga diimpor',
  'user.create': 'Pengguna dibuat',
  'user.deactivate': 'Pengguna dinonaktifkan',
  'user.activate': 'Pengguna diaktifkan',
  'user.change_password': 'Kata sandi diganti',
  'auth.logout': 'Keluar',
  'audit.checkpoint': 'Checkpoint ditandatangani',
  'audit.rechain': 'Rantai audit dipecah per partisi',
};

export const actionLabel = (action: string): string => ACTION_LABEL[action] ?? action;
/** The action filter's choices, in words. */
export const ACTION_LABEL_LIST = Object.entries(ACTION_LABEL).map(([code, label]) => ({ code, label }));

const ENTITY_LABEL: Record<string, string> = {
  plan: 'Rencana',
  plan_line: 'Rincian rencana',
  allocation: 'Pagu',
  spending_entry: 'Realisasi',
  cash_fund_entry: 'Kas (BKU)',
  tax_deposit: 'Setoran pajak',
  book_period: 'Bulan buku',
  evidence: 'Bukti',
  document: 'Dokumen',
  region: 'Wilayah',
  standard_price: 'Standar harga',
  user: 'Pengguna',
  flag: 'Peringatan',
  audit_checkpoint: 'Checkpoint audit',
};

export const entityLabel = (entity: string): string => ENTITY_LABEL[entity] ?? entity;
export const ENTITY_LABEL_LIST = Object.entries(ENTITY_LABEL).map(([code, label]) => ({ code, label }));

const FIELD_LABEL: Record<string, string> = {
  amount: 'Jumlah',
  status: 'Status',
  note: 'Keterangan',
  source: 'Sumber dana',
  sources: 'Sumber dana',
  year: 'Tahun',
  version: 'Versi',
  description: 'Uraian',
  volume: 'Volume',
  unit: 'Satuan',
  unitPrice: 'Harga satuan',
  total: 'Jumlah',
  category: 'Kategori',
  subType: 'Sub-jenis',
  accountCode: 'Kode rekening',
  location: 'Lokasi',
  date: 'Tanggal',
  spentOn: 'Tanggal',
  payee: 'Penerima',
  evidenceNo: 'Nomor bukti',
  method: 'Cara bayar',
  reason: 'Alasan',
  number: 'Nomor',
  kind: 'Jenis',
  period: 'Periode',
  sha256: 'SHA-256',
  dataSha256: 'Sidik data',
  byteSize: 'Ukuran (byte)',
  username: 'Nama pengguna',
  fullName: 'Nama lengkap',
  role: 'Peran',
  regionCode: 'Kode wilayah',
  active: 'Aktif',
};

export function fieldLabel(path: string): string {
  const last = path.split('.').pop()!.replace(/\[\d+\]$/, '');
  const label = FIELD_LABEL[last];
  return label ? (path.includes('.') || path.includes('[') ? `${label} (${path})` : label) : path;
}

// Whole rupiah live under these names (amount, unitPrice, total, pagu, …): printed as Rp 1.500.000.
const MONEY_KEY = /(^|\.)(amount|total|allocation|pagu|base|balance|planned|realized|remaining)$|(Amount|Price|Total)$|^unitPrice$|\.unitPrice$/;

export function isMoneyField(path: string): boolean {
  return MONEY_KEY.test(path.replace(/\[\d+\]/g, ''));
}

/** A nested value as path → leaf: `{a: {b: 1}, t: [{x: 2}]}` → `a.b`: 1, `t[0].x`: 2. */
export function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value) && value.length && value.every((v) => v !== null && typeof v === 'object')) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length && prefix) out.set(prefix, value);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, value);
  } else if (value !== null && value !== undefined) {
    out.set('nilai', value);
  }
  return out;
}

const INTEGER = /^-?\d+$/;

/** One value as a person reads it: money as rupiah, booleans as Ya/Tidak, nothing as a dash. */
export function showValue(path: string, v: unknown): string {
  if (v === undefined || v === null || v === '') return '–';
  if (typeof v === 'boolean') return v ? 'Ya' : 'Tidak';
  if (isMoneyField(path) && ((typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && INTEGER.test(v)))) return formatRupiah(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
  money: boolean;
}

export interface EventChanges {
  /** create: only an after; delete: only a before; update: both; none: neither. */
  kind: 'create' | 'update' | 'delete' | 'none';
  rows: FieldChange[];
  /** Fields present on both sides with the same value (not listed). */
  unchanged: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Before and after of an event, field by field: only what differs (a creation lists every field it set). */
export function eventChanges(before: unknown, after: unknown): EventChanges {
  const b = before === null || before === undefined ? null : flatten(before);
  const a = after === null || after === undefined ? null : flatten(after);
  const kind = b && a ? 'update' : a ? 'create' : b ? 'delete' : 'none';
  const fields = [...new Set([...(b?.keys() ?? []), ...(a?.keys() ?? [])])];
  const rows: FieldChange[] = [];
  let unchanged = 0;
  for (const field of fields) {
    const bv = b?.get(field);
    const av = a?.get(field);
    if (b && a && same(bv, av)) {
      unchanged++;
      continue;
    }
    rows.push({ field, label: fieldLabel(field), before: showValue(field, bv), after: showValue(field, av), money: isMoneyField(field) });
  }
  return { kind, rows, unchanged };
}

const WIB_TIME = new Intl.DateTimeFormat('id-ID', {
  timeZone: 'Asia/Jakarta',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** `1 Desember 2026 14.05.09 WIB`. */
export const dateTimeWib = (iso: string): string => `${WIB_TIME.format(new Date(iso)).replace(' pukul', '')} WIB`;

// ---------------------------------------------------------------------------------------------------------------
// Exports of the filtered trail. CSV for a spreadsheet in an Indonesian locale: UTF-8 with a BOM, semicolons, CRLF,
// quotes doubled, a cell that a spreadsheet would run as a formula prefixed with an apostrophe.

export const EXPORT_HEADER = [
  'Waktu (WIB)',
  'Waktu (ISO)',
  'Partisi',
  'Seq',
  'Pelaku',
  'Peran',
  'Aksi',
  'Keterangan Aksi',
  'Entitas',
  'ID Entitas',
  'Kode Wilayah',
  'Alasan',
  'Sebelum (JSON)',
  'Sesudah (JSON)',
  'Hash',
] as const;

function exportCells(e: AuditEventDto): Array<string | number> {
  return [
    dateTimeWib(e.at),
    e.at,
    e.partition,
    e.seq,
    e.actor,
    e.role ?? '',
    e.action,
    actionLabel(e.action),
    e.entity,
    e.entityId ?? '',
    e.regionCode ?? '',
    e.reason ?? '',
    e.before === null || e.before === undefined ? '' : JSON.stringify(e.before),
    e.after === null || e.after === undefined ? '' : JSON.stringify(e.after),
    e.hash,
  ];
}

function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";,\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(items: AuditEventDto[]): Buffer {
  const lines = [EXPORT_HEADER.map(csvCell).join(';'), ...items.map((e) => exportCells(e).map(csvCell).join(';'))];
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

export async function auditXlsx(items: AuditEventDto[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Dana Kelurahan';
  const ws = wb.addWorksheet('Jejak Audit');
  ws.addRow([title]).font = { bold: true };
  const header = ws.addRow([...EXPORT_HEADER]);
  header.font = { bold: true };
  for (const e of items) ws.addRow(exportCells(e));
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  const widths = [24, 26, 10, 8, 20, 10, 20, 26, 14, 38, 16, 30, 40, 40, 66];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** `Triwulan II Tahun Anggaran 2026`, `Tahun Anggaran 2026`; a plan document (no period) by its year. */
export function periodText(d: { year: number; period: string | null }): string {
  if (d.period && isPeriod(d.period)) return periodLabel(d.period, d.year);
  return d.period ? `${d.period}, Tahun Anggaran ${d.year}` : `Tahun Anggaran ${d.year}`;
}

// The verifier's fact tables and consistency checks by name; a name not listed is shown as it is.
const CHECKED_LABEL: Record<string, string> = {
  spending_entry: 'Buku realisasi',
  issued_document: 'Dokumen terbit',
  cash_posting: 'Buku Kas Umum',
  cash_fund_entry: 'Penerimaan dan pengembalian kas (UP/GU/TU, STS)',
  tax_line: 'Pajak dipungut',
  tax_deposit: 'Setoran pajak',
  evidence: 'Bukti pembayaran',
  book_period_event: 'Tutup dan buka kembali buku bulanan',
  spending_totals: 'Total berjalan realisasi',
  cash_balances: 'Saldo kas terhadap BKU',
  tax_positions: 'Posisi pajak terhadap buku pajak',
};

export const checkedLabel = (name: string): string => (CHECKED_LABEL[name] ? `${CHECKED_LABEL[name]} (${name})` : name);

export const AUDIT_VIEW = { actionLabel, entityLabel, dateTimeWib, eventChanges, checkedLabel };
