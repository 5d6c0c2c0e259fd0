import ExcelJS from 'exceljs';
import { periodLabel, type Period } from '../../common/period/period';
import type { RegionLevel } from '../regions/region.entity';
import { parentOfCode } from '../regions/region-code';
import type { RollUp } from './report.repository';
import {
  buildSummary,
  lineChild,
  regionChild,
  sortLines,
  summaryFigures,
  type SummaryChild,
  type SummaryFigures,
  type SummaryLevel,
} from './report-summary';

// XLSX and CSV carry the same figures as the summary and the PDF, as raw integers; formatting is the spreadsheet's.

export interface ExportRow extends SummaryFigures {
  level: SummaryLevel | 'line';
  code: string;
  name: string;
  parentCode: string | null;
  lineId: string | null;
  accountCode: string | null;
  category: string | null;
  subType: string | null;
  volume: number | null;
  unit: string | null;
}

export interface ExportData {
  region: { code: string | null; name: string; level: SummaryLevel };
  year: number;
  period: Period;
  /** The region itself (its totals) first. */
  self: ExportRow;
  /** One list per level below, nearest first (a kelurahan: its lines). */
  levels: Array<{ level: RegionLevel | 'line'; rows: ExportRow[] }>;
  byCategory: ReturnType<typeof buildSummary>['byCategory'];
}

const LEVEL_ORDER: RegionLevel[] = ['provinsi', 'kabkota', 'kecamatan', 'kelurahan'];

function row(child: SummaryChild, level: SummaryLevel | 'line', parentCode: string | null): ExportRow {
  return {
    level,
    code: child.code,
    name: child.name,
    parentCode,
    lineId: child.lineId ?? null,
    accountCode: child.accountCode ?? null,
    category: child.category ?? null,
    subType: child.subType ?? null,
    volume: child.volume ?? null,
    unit: child.unit ?? null,
    allocation: child.allocation,
    planned: child.planned,
    realized: child.realized,
    realizedInPeriod: child.realizedInPeriod,
    realizedBefore: child.realizedBefore,
    remaining: child.remaining,
    absorption: child.absorption,
  };
}

export function buildExportData(rollUp: RollUp, level: SummaryLevel, year: number, period: Period): ExportData {
  const summary = buildSummary(rollUp, level, year, period);
  const t = rollUp.total;
  const self = row(
    { code: summary.region.code ?? '', name: summary.region.name, ...summaryFigures(t.allocation, t.planned, t.realizedBefore, t.realizedInPeriod) },
    level,
    summary.region.code ? parentOfCode(summary.region.code) : null,
  );
  const levels: ExportData['levels'] = [];
  if (level === 'kelurahan') {
    levels.push({ level: 'line', rows: sortLines(rollUp.lines).map((l) => row(lineChild(l), 'line', rollUp.self!.code)) });
  } else {
    for (const lv of LEVEL_ORDER) {
      const rows = rollUp.regions.filter((r) => r.level === lv).map((r) => row(regionChild(r), lv, parentOfCode(r.code)));
      if (rows.length) levels.push({ level: lv, rows });
    }
  }
  return { region: summary.region, year, period, self, levels, byCategory: summary.byCategory };
}

// ---------------------------------------------------------------------------------------------------------------
// XLSX

const RUPIAH_FORMAT = '#,##0';
const PERCENT_FORMAT = '0.00';

const SHEET_NAMES: Record<RegionLevel | 'line', string> = {
  provinsi: 'Provinsi',
  kabkota: 'Kab-Kota',
  kecamatan: 'Kecamatan',
  kelurahan: 'Kelurahan',
  line: 'Rincian Kegiatan',
};

const LEVEL_LABEL: Record<SummaryLevel, string> = {
  nasional: 'Nasional',
  provinsi: 'Provinsi',
  kabkota: 'Kabupaten/Kota',
  kecamatan: 'Kecamatan',
  kelurahan: 'Kelurahan',
};

const money = (header: string, key: string): Partial<ExcelJS.Column> => ({ header, key, width: 20, style: { numFmt: RUPIAH_FORMAT } });
const FIGURE_COLUMNS: Array<Partial<ExcelJS.Column>> = [
  money('Pagu (Rp)', 'allocation'),
  money('Anggaran (Rp)', 'planned'),
  money('Realisasi s.d. Periode Lalu (Rp)', 'realizedBefore'),
  money('Realisasi Periode Ini (Rp)', 'realizedInPeriod'),
  money('Realisasi s.d. Periode Ini (Rp)', 'realized'),
  money('Sisa (Rp)', 'remaining'),
  { header: '% Serapan', key: 'absorption', width: 11, style: { numFmt: PERCENT_FORMAT } },
];

function figureValues(f: SummaryFigures) {
  return {
    allocation: f.allocation,
    planned: f.planned,
    realizedBefore: f.realizedBefore,
    realizedInPeriod: f.realizedInPeriod,
    realized: f.realized,
    remaining: f.remaining,
    absorption: f.absorption,
  };
}

function boldHeader(ws: ExcelJS.Worksheet): void {
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

export async function buildXlsx(data: ExportData, issuedAt: Date = new Date()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sistem Informasi Dana Kelurahan';
  wb.created = issuedAt;
  wb.modified = issuedAt;

  const summary = wb.addWorksheet('Ringkasan');
  summary.columns = [{ header: 'Uraian', key: 'label', width: 44 }, ...FIGURE_COLUMNS];
  boldHeader(summary);
  summary.addRow({ label: `${LEVEL_LABEL[data.region.level]} ${data.region.name}${data.region.code ? ` (${data.region.code})` : ''}`, ...figureValues(data.self) });
  for (const c of data.byCategory) {
    summary.addRow({
      label: c.category === 'sarpras' ? 'A. Pembangunan Sarana dan Prasarana Kelurahan' : 'B. Pemberdayaan Masyarakat di Kelurahan',
      planned: c.planned,
      realizedBefore: c.realizedBefore,
      realizedInPeriod: c.realizedInPeriod,
      realized: c.realized,
      remaining: c.remaining,
      absorption: c.absorption,
    });
  }
  summary.addRow({});
  summary.addRow({ label: `Periode: ${periodLabel(data.period, data.year)}` });

  for (const { level, rows } of data.levels) {
    const ws = wb.addWorksheet(SHEET_NAMES[level]);
    if (level === 'line') {
      ws.columns = [
        { header: 'Kode Rekening', key: 'accountCode', width: 20 },
        { header: 'Uraian', key: 'name', width: 48 },
        { header: 'Kategori', key: 'category', width: 14 },
        { header: 'Jenis', key: 'subType', width: 8 },
        { header: 'Volume', key: 'volume', width: 10 },
        { header: 'Satuan', key: 'unit', width: 10 },
        ...FIGURE_COLUMNS.filter((c) => c.key !== 'allocation'),
        { header: 'ID Baris', key: 'lineId', width: 38 },
      ];
    } else {
      ws.columns = [
        { header: 'Kode', key: 'code', width: 16 },
        { header: 'Nama', key: 'name', width: 32 },
        { header: 'Kode Induk', key: 'parentCode', width: 12 },
        ...FIGURE_COLUMNS,
      ];
    }
    boldHeader(ws);
    for (const r of rows) ws.addRow({ ...r, ...figureValues(r) });
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------------------------------
// CSV (RFC 4180: comma-separated, CRLF, quotes doubled)

export const CSV_HEADER = [
  'level',
  'code',
  'name',
  'parent_code',
  'line_id',
  'account_code',
  'category',
  'sub_type',
  'allocation',
  'planned',
  'realized_before',
  'realized_in_period',
  'realized',
  'remaining',
  'absorption',
] as const;

// A cell a spreadsheet would run as a formula is prefixed with an apostrophe (CSV injection).
function csvText(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(r: ExportRow): string {
  return [
    csvText(r.level),
    csvText(r.code),
    csvText(r.name),
    csvText(r.parentCode),
    csvText(r.lineId),
    csvText(r.accountCode),
    csvText(r.category),
    csvText(r.subType),
    String(r.allocation),
    String(r.planned),
    String(r.realizedBefore),
    String(r.realizedInPeriod),
    String(r.realized),
    String(r.remaining),
    r.absorption.toFixed(2),
  ].join(',');
}

/** Header, the region's own row (its totals), then every level below it. */
export function buildCsv(data: ExportData): Buffer {
  const lines = [CSV_HEADER.join(','), csvLine(data.self)];
  for (const { rows } of data.levels) for (const r of rows) lines.push(csvLine(r));
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}
