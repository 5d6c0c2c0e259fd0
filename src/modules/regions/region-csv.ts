import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import type { ErrorDetail } from '../../common/errors/app-error';
import { textProblem, textProblemMessage } from '../../common/text/text-policy';
import { levelOfCode } from './region-code';

export const REGION_CSV_HEADER = [
  'kode_provinsi', 'nama_provinsi', 'kode_kabkota', 'nama_kabkota',
  'kode_kecamatan', 'nama_kecamatan', 'kode_kelurahan', 'nama_kelurahan',
] as const;

export interface RegionRow {
  code: string;
  name: string;
  parentCode: string | null;
}

export interface ParsedRegions {
  provinsi: RegionRow[];
  kabkota: RegionRow[];
  kecamatan: RegionRow[];
  kelurahan: RegionRow[];
  errors: ErrorDetail[];
}

const MAX_ERRORS = 50;
// The longest official name (a kabupaten in Sulawesi Utara) has 45 characters.
export const MAX_REGION_NAME = 120;

/** Why a region name cannot be stored as given, or null. */
export function regionNameProblem(field: string, name: string): string | null {
  if (name.length > MAX_REGION_NAME) return `${field} terlalu panjang (${name.length} karakter, paling banyak ${MAX_REGION_NAME})`;
  // U+FFFD is what a decoder leaves where the bytes were not UTF-8 (a file saved as latin1 or Windows-1252).
  if (name.includes('\uFFFD')) return `${field} berisi karakter pengganti (U+FFFD): simpan berkas sebagai CSV UTF-8`;
  const problem = textProblem(name);
  return problem ? textProblemMessage(field, problem) : null;
}
const LEVELS = [
  ['kode_provinsi', 'nama_provinsi', 'provinsi'],
  ['kode_kabkota', 'nama_kabkota', 'kabkota'],
  ['kode_kecamatan', 'nama_kecamatan', 'kecamatan'],
  ['kode_kelurahan', 'nama_kelurahan', 'kelurahan'],
] as const;

/**
 * Streams the national CSV format (one kelurahan a row, its ancestors denormalised beside it) into the
 * four levels of the tree, checking every row. Errors name the line; the caller imports nothing if any.
 */
export async function parseRegionCsv(input: string | Buffer | Readable, onlyKabkota?: string): Promise<ParsedRegions> {
  const maps = { provinsi: new Map<string, RegionRow>(), kabkota: new Map<string, RegionRow>(), kecamatan: new Map<string, RegionRow>(), kelurahan: new Map<string, RegionRow>() };
  const firstLine = new Map<string, number>();
  const errors: ErrorDetail[] = [];
  const fail = (line: number, field: string | undefined, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ line, ...(field ? { field } : {}), message });
  };

  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: false });
  const source = typeof input === 'string' || Buffer.isBuffer(input) ? Readable.from([input]) : input;
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);

  let header = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (header) {
        header = false;
        const got = record.map((h) => h.trim().toLowerCase());
        if (got.join(',') !== REGION_CSV_HEADER.join(',')) {
          fail(line, undefined, `baris judul harus: ${REGION_CSV_HEADER.join(',')}`);
          break;
        }
        continue;
      }
      if (record.length !== REGION_CSV_HEADER.length) {
        fail(line, undefined, `baris harus berisi ${REGION_CSV_HEADER.length} kolom, ditemukan ${record.length}`);
        continue;
      }
      const row = Object.fromEntries(REGION_CSV_HEADER.map((h, i) => [h, record[i].trim()])) as Record<(typeof REGION_CSV_HEADER)[number], string>;
      if (onlyKabkota && row.kode_kabkota !== onlyKabkota) continue;

      let parent: string | null = null;
      let rowOk = true;
      for (const [codeField, nameField, level] of LEVELS) {
        const code = row[codeField];
        const name = row[nameField];
        if (levelOfCode(code) !== level) {
          fail(line, codeField, `kode "${code}" tidak sesuai bentuk kode ${level} Kemendagri`);
          rowOk = false;
          break;
        }
        if (parent !== null && !code.startsWith(parent + '.')) {
          fail(line, codeField, `kode "${code}" tidak berada di bawah induknya "${parent}" (kode induk tidak dikenal)`);
          rowOk = false;
          break;
        }
        if (!name) {
          fail(line, nameField, `nama wilayah ${code} kosong`);
          rowOk = false;
          break;
        }
        const nameProblem = regionNameProblem(nameField, name);
        if (nameProblem) {
          fail(line, nameField, nameProblem);
          rowOk = false;
          break;
        }
        const seen = maps[level].get(code);
        if (level === 'kelurahan' && seen) {
          fail(line, codeField, `kode kelurahan "${code}" ganda (sudah ada di baris ${firstLine.get(code)})`);
          rowOk = false;
          break;
        }
        if (seen && seen.name !== name) {
          fail(line, nameField, `nama "${name}" untuk ${code} berbeda dengan "${seen.name}" di baris ${firstLine.get(code)}`);
          rowOk = false;
          break;
        }
        parent = code;
      }
      if (!rowOk) continue;
      parent = null;
      for (const [codeField, nameField, level] of LEVELS) {
        const code = row[codeField];
        if (!maps[level].has(code)) {
          maps[level].set(code, { code, name: row[nameField], parentCode: parent });
          firstLine.set(code, line);
        }
        parent = code;
      }
    }
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    fail(err.lines ?? 0, undefined, `CSV tidak dapat dibaca: ${err.message ?? String(e)}`);
  }
  if (header) fail(1, undefined, 'berkas CSV kosong');
  else if (!errors.length && maps.kelurahan.size === 0) {
    fail(1, undefined, onlyKabkota ? `tidak ada baris untuk kab/kota ${onlyKabkota}` : 'berkas CSV tidak berisi data kelurahan');
  }
  return {
    provinsi: [...maps.provinsi.values()],
    kabkota: [...maps.kabkota.values()],
    kecamatan: [...maps.kecamatan.values()],
    kelurahan: [...maps.kelurahan.values()],
    errors,
  };
}
