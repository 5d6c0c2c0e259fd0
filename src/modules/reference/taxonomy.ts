// Reference data of Permendagri 130/2018 and the Permendagri 90/2019 nomenclature (domain.md §3, §6).

export interface CodeName {
  readonly code: string;
  readonly name: string;
}

export const URUSAN: CodeName = { code: '7.01', name: 'Kecamatan' };
export const PROGRAM: CodeName = { code: '7.01.03', name: 'PROGRAM PEMBERDAYAAN MASYARAKAT DESA DAN KELURAHAN' };
export const KEGIATAN: CodeName = { code: '7.01.03.2.02', name: 'Kegiatan Pemberdayaan Kelurahan' };

export const CATEGORIES = ['sarpras', 'pemberdayaan'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface CategoryInfo {
  readonly code: Category;
  readonly letter: 'A' | 'B';
  readonly name: string;
  readonly subKegiatan: CodeName;
}

export const CATEGORY: Readonly<Record<Category, CategoryInfo>> = {
  sarpras: {
    code: 'sarpras',
    letter: 'A',
    name: 'Pembangunan Sarana dan Prasarana Kelurahan',
    subKegiatan: { code: '7.01.03.2.02.0002', name: 'Pembangunan Sarana dan Prasarana Kelurahan' },
  },
  pemberdayaan: {
    code: 'pemberdayaan',
    letter: 'B',
    name: 'Pemberdayaan Masyarakat di Kelurahan',
    subKegiatan: { code: '7.01.03.2.02.0003', name: 'Pemberdayaan Masyarakat di Kelurahan' },
  },
};

export const SUB_TYPES = ['A1', 'A2', 'A3', 'A4', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6'] as const;
export type SubType = (typeof SUB_TYPES)[number];

export interface SubTypeInfo {
  readonly code: SubType;
  readonly category: Category;
  readonly name: string;
  // Items quoted in the sources; A4 and all B lists are common practice, not a regulatory list (domain.md §3).
  readonly examples: readonly string[];
}

export const SUB_TYPE: Readonly<Record<SubType, SubTypeInfo>> = {
  A1: {
    code: 'A1',
    category: 'sarpras',
    name: 'Sarana dan prasarana lingkungan permukiman',
    examples: [
      'jaringan air minum',
      'drainase dan selokan',
      'sarana pengumpulan sampah',
      'sarana pengolahan sampah',
      'sumur resapan',
      'jaringan pengelolaan air limbah domestik skala permukiman',
      'alat pemadam api ringan',
      'pompa kebakaran portabel',
      'penerangan lingkungan permukiman',
      'sarana dan prasarana lingkungan permukiman lainnya',
    ],
  },
  A2: {
    code: 'A2',
    category: 'sarpras',
    name: 'Sarana dan prasarana transportasi',
    examples: ['jalan permukiman', 'jalan poros kelurahan', 'sarana dan prasarana transportasi lainnya'],
  },
  A3: {
    code: 'A3',
    category: 'sarpras',
    name: 'Sarana dan prasarana kesehatan',
    examples: [
      'mandi, cuci, kakus (MCK) untuk umum/komunal',
      'pos pelayanan terpadu (posyandu)',
      'pos pembinaan terpadu (posbindu)',
      'sarana dan prasarana kesehatan lainnya',
    ],
  },
  A4: {
    code: 'A4',
    category: 'sarpras',
    name: 'Sarana dan prasarana pendidikan dan kebudayaan',
    examples: [
      'taman bacaan masyarakat',
      'bangunan/alat pendidikan anak usia dini (PAUD)',
      'sanggar seni/budaya',
      'sarana dan prasarana pendidikan dan kebudayaan lainnya',
    ],
  },
  B1: {
    code: 'B1',
    category: 'pemberdayaan',
    name: 'Pengelolaan kegiatan pelayanan kesehatan masyarakat',
    examples: [],
  },
  B2: {
    code: 'B2',
    category: 'pemberdayaan',
    name: 'Pengelolaan kegiatan pelayanan pendidikan dan kebudayaan',
    examples: [],
  },
  B3: {
    code: 'B3',
    category: 'pemberdayaan',
    name: 'Pengelolaan kegiatan pengembangan usaha mikro, kecil, dan menengah',
    examples: ['pelatihan keterampilan'],
  },
  B4: {
    code: 'B4',
    category: 'pemberdayaan',
    name: 'Pengelolaan kegiatan lembaga kemasyarakatan',
    examples: [
      'pelatihan kapasitas LPM/RT/RW/PKK',
      'makan minum rapat pertemuan rutin PKK kelurahan',
      'rapat koordinasi lembaga kemasyarakatan',
    ],
  },
  B5: {
    code: 'B5',
    category: 'pemberdayaan',
    name: 'Pengelolaan kegiatan ketenteraman, ketertiban umum, dan perlindungan masyarakat',
    examples: ['pelatihan perlindungan masyarakat (linmas)'],
  },
  B6: {
    code: 'B6',
    category: 'pemberdayaan',
    name: 'Penguatan kesiapsiagaan masyarakat dalam menghadapi bencana serta kejadian luar biasa',
    examples: [],
  },
};

// ASCII codes are stored; labels are what SIPD prints in the koefisien ("245 Orang/Kali").
export const UNITS = [
  { code: 'UNIT', label: 'Unit' },
  { code: 'PAKET', label: 'Paket' },
  { code: 'ORANG_KALI', label: 'Orang/Kali' },
  { code: 'OK', label: 'OK' }, // orang-kegiatan
  { code: 'OH', label: 'OH' }, // orang-hari
  { code: 'KALI', label: 'Kali' },
  { code: 'BUAH', label: 'Buah' },
  { code: 'SET', label: 'Set' },
  { code: 'TITIK', label: 'Titik' },
  { code: 'M', label: 'M' },
  { code: 'M2', label: 'M²' },
  { code: 'M3', label: 'M³' },
  { code: 'LS', label: 'Ls' }, // lumpsum
  { code: 'DOKUMEN', label: 'Dokumen' },
  { code: 'LAPORAN', label: 'Laporan' },
] as const;
export type UnitCode = (typeof UNITS)[number]['code'];

export const FUNDING_SOURCES = [
  { code: 'DAU_SG', label: 'DAU yang Ditentukan Penggunaannya – Pendanaan Kelurahan' },
  { code: 'DAU_TAMBAHAN', label: 'DAU Tambahan Dana Kelurahan' },
  { code: 'APBD', label: 'APBD Kabupaten/Kota' },
  { code: 'SILPA', label: 'SiLPA Tahun Anggaran Sebelumnya' },
] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number]['code'];

export function isCategory(v: unknown): v is Category {
  return typeof v === 'string' && (CATEGORIES as readonly string[]).includes(v);
}

export function isSubType(v: unknown): v is SubType {
  return typeof v === 'string' && (SUB_TYPES as readonly string[]).includes(v);
}

export function subTypeBelongsTo(category: Category, subType: SubType): boolean {
  return isCategory(category) && isSubType(subType) && SUB_TYPE[subType].category === category;
}

export function subTypesOf(category: Category): SubTypeInfo[] {
  return SUB_TYPES.filter((s) => SUB_TYPE[s].category === category).map((s) => SUB_TYPE[s]);
}

export function subKegiatanOf(category: Category): CodeName {
  if (!isCategory(category)) throw new RangeError(`Unknown category: ${String(category)}`);
  return CATEGORY[category].subKegiatan;
}

export function isUnitCode(v: unknown): v is UnitCode {
  return typeof v === 'string' && UNITS.some((u) => u.code === v);
}

export function unitLabel(code: UnitCode): string {
  const unit = UNITS.find((u) => u.code === code);
  if (!unit) throw new RangeError(`Unknown unit: ${String(code)}`);
  return unit.label;
}

/**
 * The unit code a person or a client means: the code ("PAKET") or the printed label ("Paket", "Orang/Kali", "m²"),
 * in any letter case; anything else comes back unchanged, for validation to refuse.
 */
export function parseUnit(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const wanted = value.trim().normalize('NFKC').toUpperCase();
  const unit = UNITS.find((u) => u.code === wanted || u.label.normalize('NFKC').toUpperCase() === wanted);
  return unit ? unit.code : value;
}

/** The printed label of a stored unit; text that is not a unit code (older data, free text) prints as it is. */
export function displayUnit(unit: string): string {
  return isUnitCode(unit) ? unitLabel(unit) : unit;
}

export function isFundingSource(v: unknown): v is FundingSource {
  return typeof v === 'string' && FUNDING_SOURCES.some((f) => f.code === v);
}

export function fundingSourceLabel(code: FundingSource): string {
  const source = FUNDING_SOURCES.find((f) => f.code === code);
  if (!source) throw new RangeError(`Unknown funding source: ${String(code)}`);
  return source.label;
}

// Belanja (akun 5), akun.kelompok.jenis.objek[.rincian objek[.sub rincian]]: SIPD 2/4 digits or the 3/5 variant.
export const ACCOUNT_CODE_PATTERN = /^5\.\d\.\d{2}\.\d{2}(?:\.\d{2,3}(?:\.\d{4,5})?)?$/;

export function isAccountCode(v: unknown): v is string {
  return typeof v === 'string' && ACCOUNT_CODE_PATTERN.test(v);
}

// Matching key only: the stored code keeps its original spelling (domain.md §6.2).
export function normalizeAccountCode(code: string): string {
  if (!isAccountCode(code)) throw new RangeError(`Not a kode rekening belanja: "${code}"`);
  const groups = code.split('.');
  if (groups[4]?.length === 3 && groups[4].startsWith('0')) groups[4] = groups[4].slice(1);
  if (groups[5]?.length === 5 && groups[5].startsWith('0')) groups[5] = groups[5].slice(1);
  return groups.join('.');
}

/**
 * Kode rekening offered when a line is written (domain.md §6.2): the objek and the rincian objek seen in kelurahan
 * plans. Any other code of the pattern is still accepted; this list only feeds the pickers.
 */
export const ACCOUNT_CODES: readonly CodeName[] = [
  { code: '5.1.02.01.01.0024', name: 'Belanja Alat/Bahan untuk Kegiatan Kantor – Alat Tulis Kantor' },
  { code: '5.1.02.01.01.0025', name: 'Belanja Alat/Bahan untuk Kegiatan Kantor – Kertas dan Cover' },
  { code: '5.1.02.01.01.0026', name: 'Belanja Alat/Bahan untuk Kegiatan Kantor – Bahan Cetak' },
  { code: '5.1.02.01.01.0029', name: 'Belanja Alat/Bahan untuk Kegiatan Kantor – Bahan Komputer' },
  { code: '5.1.02.01.01.0052', name: 'Belanja Makanan dan Minuman Rapat' },
  { code: '5.1.02.01.01.0053', name: 'Belanja Makanan dan Minuman Jamuan Tamu' },
  { code: '5.1.02.01.01.0055', name: 'Belanja Makanan dan Minuman pada Fasilitasi Kegiatan' },
  { code: '5.1.02.02.01.0003', name: 'Honorarium Narasumber atau Pembahas, Moderator, Pembawa Acara, dan Panitia' },
  { code: '5.1.02.02.01.0013', name: 'Belanja Jasa Konsultansi Perencanaan' },
  { code: '5.1.02.03', name: 'Belanja Pemeliharaan' },
  { code: '5.1.02.04.01.0003', name: 'Belanja Perjalanan Dinas Dalam Kota' },
  { code: '5.1.02.05', name: 'Belanja Barang/Jasa untuk Diberikan kepada Masyarakat' },
  { code: '5.2.04.01.01.0001', name: 'Belanja Modal Jalan, Irigasi, dan Jaringan' },
];

/** The offered codes whose code or name contains every word of `q` (case-insensitive); all of them for no query. */
export function searchAccountCodes(q = ''): CodeName[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return ACCOUNT_CODES.filter((a) => words.every((w) => `${a.code} ${a.name}`.toLowerCase().includes(w)));
}
