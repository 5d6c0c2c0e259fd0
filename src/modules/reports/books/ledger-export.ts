import ExcelJS from 'exceljs';
import { loadBooksSettings, requiredEvidence } from '../../books/books-settings';
import { TAX_TYPES } from '../../books/tax/tax-rules';
import type { LedgerExportRow } from './ledger-export.repository';

export interface LedgerExportLine extends LedgerExportRow {
  taxTotal: number;
  /** What the payee received: the gross less the taxes withheld. */
  net: number;
  evidenceRequired: string[];
  evidenceMissing: string[];
}

/** Each row with its tax total, net and evidence status against the Pemda's checklist (reversals need none). */
export function ledgerExportLines(rows: LedgerExportRow[]): LedgerExportLine[] {
  return rows.map((r) => {
    const taxTotal = Object.values(r.taxes).reduce((s, v) => s + v, 0);
    const required = r.reversesId ? [] : requiredEvidence(loadBooksSettings(r.kelurahanCode).evidence.checklist, r.accountCode, r.amount).map((x) => x.kind);
    return { ...r, taxTotal, net: r.amount - taxTotal, evidenceRequired: required, evidenceMissing: required.filter((k) => !r.evidenceKinds.includes(k)) };
  });
}

export const LEDGER_CSV_HEADER = [
  'seq', 'id', 'date', 'kelurahan_code', 'kelurahan_name', 'year', 'evidence_no', 'account_code', 'category', 'description', 'payee', 'method',
  'amount', ...TAX_TYPES.map((t) => `tax_${t.toLowerCase()}`), 'tax_total', 'net', 'reverses_id', 'reason', 'evidence_present', 'evidence_missing',
  'evidence_complete',
] as const;

// A cell a spreadsheet would run as a formula gets an apostrophe (CSV injection); RFC 4180 quoting.
function csvText(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function ledgerCsv(lines: LedgerExportLine[]): Buffer {
  const out = [LEDGER_CSV_HEADER.join(',')];
  for (const l of lines) {
    out.push([
      String(l.seq), l.id, l.date, l.kelurahanCode, csvText(l.kelurahanName), String(l.year), csvText(l.evidenceNo), l.accountCode, l.category,
      csvText(l.description), csvText(l.payee), l.method, String(l.amount), ...TAX_TYPES.map((t) => String(l.taxes[t] ?? 0)), String(l.taxTotal),
      String(l.net), l.reversesId ?? '', csvText(l.reason), l.evidenceKinds.join(' '), l.evidenceMissing.join(' '), l.evidenceMissing.length ? 'false' : 'true',
    ].join(','));
  }
  return Buffer.from(out.join('\r\n') + '\r\n', 'utf8');
}

export async function ledgerXlsx(lines: LedgerExportLine[], issuedAt: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sistem Informasi Dana Kelurahan';
  wb.created = issuedAt;
  const ws = wb.addWorksheet('Buku realisasi');
  ws.columns = [
    { header: 'No. urut', key: 'seq', width: 9 },
    { header: 'Tanggal', key: 'date', width: 12 },
    { header: 'Kelurahan', key: 'kelurahanName', width: 18 },
    { header: 'Kode Kelurahan', key: 'kelurahanCode', width: 15 },
    { header: 'Nomor Bukti', key: 'evidenceNo', width: 24 },
    { header: 'Kode Rekening', key: 'accountCode', width: 20 },
    { header: 'Uraian', key: 'description', width: 44 },
    { header: 'Penerima', key: 'payee', width: 24 },
    { header: 'Cara Bayar', key: 'method', width: 10 },
    { header: 'Jumlah', key: 'amount', width: 16 },
    ...TAX_TYPES.map((t) => ({ header: t, key: `tax_${t}`, width: 13 })),
    { header: 'Jumlah Pajak', key: 'taxTotal', width: 14 },
    { header: 'Diterima Penerima', key: 'net', width: 16 },
    { header: 'Membatalkan', key: 'reversesId', width: 38 },
    { header: 'Alasan', key: 'reason', width: 30 },
    { header: 'Bukti Ada', key: 'present', width: 24 },
    { header: 'Bukti Kurang', key: 'missing', width: 24 },
    { header: 'Bukti Lengkap', key: 'complete', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const l of lines) {
    ws.addRow({
      ...l, ...Object.fromEntries(TAX_TYPES.map((t) => [`tax_${t}`, l.taxes[t] ?? 0])),
      present: l.evidenceKinds.join(', '), missing: l.evidenceMissing.join(', '), complete: l.evidenceMissing.length ? 'tidak' : 'ya',
    });
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
