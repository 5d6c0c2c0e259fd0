import ExcelJS from 'exceljs';
import { periodLabel, type Period } from '../../common/period/period';
import { CATEGORY, displayUnit, isCategory } from '../reference/taxonomy';
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

/** "Kota Malang" as it is (a kab/kota name carries its kind), "Kecamatan Blimbing", "Provinsi Jawa Timur", "Nasional". */
export function regionLabel(region: { level: SummaryLevel; name: string }): string {
  switch (region.level) {
    case 'nasional':
      return 'Nasional';
    case 'kabkota':
      return region.name;
    case 'provinsi':
      return `Provinsi ${region.name}`;
    case 'kecamatan':
      return `Kecamatan ${region.name}`;
    case 'kelurahan':
      return `Kelurahan ${region.name}`;
  }
}

const categoryLabel = (c: string | null) => (c && isCategory(c) ? `${CATEGORY[c].letter}. ${CATEGORY[c].name}` : (c ?? ''));

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

function boldHeader(ws: ExcelJS.Worksheet, title: string): void {
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  // The title prints at the top of every page; the first row stays the column headers, for filters and machines.
  ws.headerFooter.oddHeader = `&C&B${title.replace(/&/g, '&&')}`;
  ws.headerFooter.oddFooter = '&LDicetak dari Sistem Informasi Dana Kelurahan&RHalaman &P dari &N';
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

const MONEY_KEYS = ['allocation', 'planned', 'realizedBefore', 'realizedInPeriod', 'realized', 'remaining'] as const;

/**
 * A bold JUMLAH row under the rows: each money column summed by a formula over the rows above (with the sum as its
 * cached value, so a reader that does not calculate shows it too), % serapan from the summed columns.
 */
function addTotalRow(ws: ExcelJS.Worksheet, labelKey: string, total: SummaryFigures): void {
  const first = 2;
  const last = ws.rowCount;
  const values: Record<string, unknown> = { [labelKey]: 'JUMLAH' };
  const letter = (key: string) => ws.getColumn(key).letter;
  for (const key of MONEY_KEYS) {
    if (!ws.columns.some((c) => c.key === key)) continue;
    values[key] = last >= first ? { formula: `SUM(${letter(key)}${first}:${letter(key)}${last})`, result: total[key] } : total[key];
  }
  if (ws.columns.some((c) => c.key === 'absorption')) values.absorption = total.absorption;
  const row = ws.addRow(values);
  row.font = { bold: true };
  row.eachCell((cell) => (cell.border = { top: { style: 'thin' } }));
}

export async function buildXlsx(data: ExportData, issuedAt: Date = new Date()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sistem Informasi Dana Kelurahan';
  wb.created = issuedAt;
  wb.modified = issuedAt;

  const place = `${regionLabel(data.region)}${data.region.code ? ` (${data.region.code})` : ''}`;
  const title = `Laporan Realisasi Penggunaan Dana Kelurahan ${regionLabel(data.region)} ${periodLabel(data.period, data.year)}`;
  wb.title = title;
  const summary = wb.addWorksheet('Ringkasan');
  summary.columns = [{ header: 'Uraian', key: 'label', width: 44 }, ...FIGURE_COLUMNS];
  boldHeader(summary, title);
  summary.addRow({ label: place, ...figureValues(data.self) });
  for (const c of data.byCategory) {
    summary.addRow({
      label: categoryLabel(c.category),
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
        { header: 'Kategori', key: 'category', width: 44 },
        { header: 'Jenis', key: 'subType', width: 8 },
        { header: 'Volume', key: 'volume', width: 10 },
        { header: 'Satuan', key: 'unit', width: 12 },
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
    boldHeader(ws, `${title} — ${SHEET_NAMES[level]}`);
    // Labels where the data holds codes: "A. Pembangunan Sarana dan Prasarana Kelurahan", "Orang/Kali".
    for (const r of rows) ws.addRow({ ...r, category: categoryLabel(r.category), unit: r.unit ? displayUnit(r.unit) : r.unit, ...figureValues(r) });
    // Every row of a sheet is one level under the region, so the rows sum to the region's own figures.
    addTotalRow(ws, level === 'line' ? 'name' : 'name', data.self);
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------------------------------
// CSV for a spreadsheet in an Indonesian locale: UTF-8 with a BOM (so Excel reads the names right), semicolons
// (Excel with the Indonesian list separator splits on ";"), CRLF, quotes doubled. The columns hold what the API
// holds: codes and raw integers, the percentage with a decimal point.

export const CSV_HEADER = [
  'Tingkat',
  'Kode',
  'Nama',
  'Kode Induk',
  'ID Baris',
  'Kode Rekening',
  'Kategori',
  'Jenis',
  'Pagu (Rp)',
  'Anggaran (Rp)',
  'Realisasi s.d. Periode Lalu (Rp)',
  'Realisasi Periode Ini (Rp)',
  'Realisasi s.d. Periode Ini (Rp)',
  'Sisa (Rp)',
  '% Serapan',
] as const;

const SEP = ';';
const BOM = '\uFEFF';

// A cell a spreadsheet would run as a formula is prefixed with an apostrophe (CSV injection).
function csvText(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";,\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
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
  ].join(SEP);
}

/** BOM and header, the region's own row (its totals), then every level below it. */
export function buildCsv(data: ExportData): Buffer {
  const lines = [CSV_HEADER.map((h) => csvText(h)).join(SEP), csvLine(data.self)];
  for (const { rows } of data.levels) for (const r of rows) lines.push(csvLine(r));
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}
