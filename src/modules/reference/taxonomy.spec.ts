import {
  ACCOUNT_CODE_PATTERN,
  parseUnit,
  ACCOUNT_CODES,
  searchAccountCodes,
  CATEGORIES,
  CATEGORY,
  type Category,
  FUNDING_SOURCES,
  type FundingSource,
  KEGIATAN,
  PROGRAM,
  SUB_TYPE,
  SUB_TYPES,
  type SubType,
  UNITS,
  type UnitCode,
  URUSAN,
  fundingSourceLabel,
  isAccountCode,
  isCategory,
  isFundingSource,
  isSubType,
  isUnitCode,
  normalizeAccountCode,
  subKegiatanOf,
  subTypeBelongsTo,
  subTypesOf,
  unitLabel,
  displayUnit,
} from './taxonomy';

describe('budget nomenclature', () => {
  it('nests urusan → program → kegiatan → sub-kegiatan by code', () => {
    expect(URUSAN.code).toBe('7.01');
    expect(PROGRAM).toEqual({ code: '7.01.03', name: 'PROGRAM PEMBERDAYAAN MASYARAKAT DESA DAN KELURAHAN' });
    expect(KEGIATAN).toEqual({ code: '7.01.03.2.02', name: 'Kegiatan Pemberdayaan Kelurahan' });
    expect(PROGRAM.code.startsWith(`${URUSAN.code}.`)).toBe(true);
    expect(KEGIATAN.code.startsWith(`${PROGRAM.code}.`)).toBe(true);
    for (const c of CATEGORIES) {
      expect(CATEGORY[c].subKegiatan.code).toMatch(new RegExp(`^${KEGIATAN.code.replace(/\./g, '\\.')}\\.\\d{4}$`));
    }
  });

  it('has the two categories of Permendagri 130/2018', () => {
    expect(CATEGORIES).toEqual(['sarpras', 'pemberdayaan']);
    expect(CATEGORY.sarpras).toEqual({
      code: 'sarpras',
      letter: 'A',
      name: 'Pembangunan Sarana dan Prasarana Kelurahan',
      subKegiatan: { code: '7.01.03.2.02.0002', name: 'Pembangunan Sarana dan Prasarana Kelurahan' },
    });
    expect(CATEGORY.pemberdayaan).toEqual({
      code: 'pemberdayaan',
      letter: 'B',
      name: 'Pemberdayaan Masyarakat di Kelurahan',
      subKegiatan: { code: '7.01.03.2.02.0003', name: 'Pemberdayaan Masyarakat di Kelurahan' },
    });
  });
});

describe('sub-types', () => {
  it('has A1–A4 under sarpras and B1–B6 under pemberdayaan', () => {
    expect(SUB_TYPES).toHaveLength(10);
    expect(subTypesOf('sarpras').map((s) => s.code)).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(subTypesOf('pemberdayaan').map((s) => s.code)).toEqual(['B1', 'B2', 'B3', 'B4', 'B5', 'B6']);
  });

  it.each(SUB_TYPES)('%s is consistent with its key and category letter', (code) => {
    const info = SUB_TYPE[code];
    expect(info.code).toBe(code);
    expect(code[0]).toBe(CATEGORY[info.category].letter);
    expect(info.name.length).toBeGreaterThan(0);
  });

  it('names sub-types in Indonesian as in §3', () => {
    expect(SUB_TYPE.A1.name).toBe('Sarana dan prasarana lingkungan permukiman');
    expect(SUB_TYPE.A2.name).toBe('Sarana dan prasarana transportasi');
    expect(SUB_TYPE.A3.name).toBe('Sarana dan prasarana kesehatan');
    expect(SUB_TYPE.A4.name).toBe('Sarana dan prasarana pendidikan dan kebudayaan');
    expect(SUB_TYPE.B3.name).toContain('usaha mikro, kecil, dan menengah');
    expect(SUB_TYPE.B5.name).toContain('ketenteraman, ketertiban umum');
    expect(SUB_TYPE.B6.name).toContain('bencana serta kejadian luar biasa');
  });

  it('carries the quoted example items, each sarpras list ending in a "lainnya" catch-all', () => {
    expect(SUB_TYPE.A1.examples).toContain('sumur resapan');
    expect(SUB_TYPE.A1.examples).toContain('pompa kebakaran portabel');
    expect(SUB_TYPE.A2.examples).toContain('jalan poros kelurahan');
    expect(SUB_TYPE.A3.examples).toContain('pos pelayanan terpadu (posyandu)');
    for (const s of subTypesOf('sarpras')) {
      expect(s.examples[s.examples.length - 1]).toMatch(/lainnya$/);
    }
  });
});

describe('isCategory / isSubType', () => {
  it.each(['sarpras', 'pemberdayaan'])('accepts category %s', (v) => {
    expect(isCategory(v)).toBe(true);
  });

  it.each(['A', 'Sarpras', 'infrastruktur', '', null, 1, {}])('refuses category %p', (v) => {
    expect(isCategory(v)).toBe(false);
  });

  it.each(SUB_TYPES)('accepts sub-type %s', (v) => {
    expect(isSubType(v)).toBe(true);
  });

  it.each(['A0', 'A5', 'B7', 'a1', 'C1', '', null, undefined, 1])('refuses sub-type %p', (v) => {
    expect(isSubType(v)).toBe(false);
  });

  it('does not accept inherited object keys', () => {
    expect(isCategory('constructor')).toBe(false);
    expect(isSubType('toString')).toBe(false);
  });
});

describe('subTypeBelongsTo', () => {
  it('matches every sub-type to its own category only', () => {
    for (const s of SUB_TYPES) {
      for (const c of CATEGORIES) {
        expect(subTypeBelongsTo(c, s)).toBe(s.startsWith(c === 'sarpras' ? 'A' : 'B'));
      }
    }
  });

  it('is false for unknown values instead of throwing', () => {
    expect(subTypeBelongsTo('sarpras', 'A9' as SubType)).toBe(false);
    expect(subTypeBelongsTo('lain' as Category, 'A1')).toBe(false);
  });
});

describe('subKegiatanOf', () => {
  it('returns the sub-kegiatan code and name', () => {
    expect(subKegiatanOf('sarpras')).toEqual({
      code: '7.01.03.2.02.0002',
      name: 'Pembangunan Sarana dan Prasarana Kelurahan',
    });
    expect(subKegiatanOf('pemberdayaan')).toEqual({
      code: '7.01.03.2.02.0003',
      name: 'Pemberdayaan Masyarakat di Kelurahan',
    });
  });

  it('throws on an unknown category', () => {
    expect(() => subKegiatanOf('musrenbang' as Category)).toThrow(RangeError);
  });
});

describe('units', () => {
  it('lists the satuan of §6.3 with unique ASCII codes', () => {
    expect(UNITS.map((u) => u.label)).toEqual([
      'Unit',
      'Paket',
      'Orang/Kali',
      'OK',
      'OH',
      'Kali',
      'Buah',
      'Set',
      'Titik',
      'M',
      'M²',
      'M³',
      'Ls',
      'Dokumen',
      'Laporan',
    ]);
    const codes = UNITS.map((u) => u.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it('validates codes and returns labels', () => {
    expect(isUnitCode('ORANG_KALI')).toBe(true);
    expect(isUnitCode('M2')).toBe(true);
    expect(isUnitCode('M²')).toBe(false);
    expect(isUnitCode('unit')).toBe(false);
    expect(isUnitCode(null)).toBe(false);
    expect(unitLabel('M3')).toBe('M³');
    expect(unitLabel('ORANG_KALI')).toBe('Orang/Kali');
    expect(() => unitLabel('KG' as UnitCode)).toThrow(RangeError);
  });
});

describe('funding sources', () => {
  it('has the four sources with Indonesian labels', () => {
    expect(FUNDING_SOURCES.map((f) => f.code)).toEqual(['DAU_SG', 'DAU_TAMBAHAN', 'APBD', 'SILPA']);
    expect(fundingSourceLabel('DAU_SG')).toContain('DAU yang Ditentukan Penggunaannya');
    expect(fundingSourceLabel('DAU_TAMBAHAN')).toContain('DAU Tambahan');
    expect(fundingSourceLabel('APBD')).toContain('APBD');
    expect(fundingSourceLabel('SILPA')).toContain('SiLPA');
  });

  it('validates codes', () => {
    for (const f of FUNDING_SOURCES) expect(isFundingSource(f.code)).toBe(true);
    for (const bad of ['DAK', 'dau_sg', 'PAD', '', undefined]) expect(isFundingSource(bad)).toBe(false);
    expect(() => fundingSourceLabel('DAK' as FundingSource)).toThrow(RangeError);
  });
});

describe('isAccountCode / ACCOUNT_CODE_PATTERN', () => {
  it.each([
    '5.1.02.01', // objek
    '5.1.02.01.01', // rincian objek
    '5.1.02.01.01.0052', // SIPD sub rincian objek
    '5.1.02.01.001.00052', // 3/5-digit variant seen in a 2026 kecamatan app
    '5.1.02.02.01.0003',
    '5.1.02.04.01.0003',
    '5.2.04.01.01.0001',
    '5.2.02.05.001.00001',
  ])('accepts %s', (code) => {
    expect(isAccountCode(code)).toBe(true);
    expect(ACCOUNT_CODE_PATTERN.test(code)).toBe(true);
  });

  it.each([
    ['pendapatan (akun 4)', '4.1.01.01.01.0001'],
    ['only 3 groups', '5.1.02'],
    ['7 groups', '5.1.02.01.01.0052.1'],
    ['unpadded jenis', '5.1.2.01.01.0052'],
    ['1-digit rincian', '5.1.02.01.1.0052'],
    ['3-digit sub rincian', '5.1.02.01.01.052'],
    ['6-digit sub rincian', '5.1.02.01.001.000052'],
    ['trailing dot', '5.1.02.01.'],
    ['spaces', ' 5.1.02.01.01.0052'],
    ['letters', '5.1.02.01.01.00A2'],
    ['dashes', '5-1-02-01-01-0052'],
    ['empty', ''],
  ])('refuses %s', (_why, code) => {
    expect(isAccountCode(code)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isAccountCode(5102010100052)).toBe(false);
    expect(isAccountCode(null)).toBe(false);
  });
});

describe('normalizeAccountCode', () => {
  it('maps the 3/5-digit variant onto the SIPD spelling', () => {
    expect(normalizeAccountCode('5.1.02.01.001.00052')).toBe('5.1.02.01.01.0052');
    expect(normalizeAccountCode('5.1.02.01.001')).toBe('5.1.02.01.01');
  });

  it('leaves SIPD codes and non-padded groups alone', () => {
    expect(normalizeAccountCode('5.1.02.01.01.0052')).toBe('5.1.02.01.01.0052');
    expect(normalizeAccountCode('5.1.02.01')).toBe('5.1.02.01');
    expect(normalizeAccountCode('5.1.02.01.123.12345')).toBe('5.1.02.01.123.12345');
  });

  it('throws on a non-account code', () => {
    expect(() => normalizeAccountCode('4.1.01.01')).toThrow(RangeError);
  });
});

describe('displayUnit', () => {
  it('prints the label of a unit code and leaves other text alone', () => {
    expect(displayUnit('ORANG_KALI')).toBe('Orang/Kali');
    expect(displayUnit('M2')).toBe('M²');
    expect(displayUnit('m')).toBe('m');
  });
});

describe('parseUnit: the code or the printed label, any case (issue #16 item 10)', () => {
  it('maps labels and codes to the code and leaves anything else for validation', () => {
    expect(parseUnit('Paket')).toBe('PAKET');
    expect(parseUnit('paket')).toBe('PAKET');
    expect(parseUnit('PAKET')).toBe('PAKET');
    expect(parseUnit('orang/kali')).toBe('ORANG_KALI');
    expect(parseUnit('m²')).toBe('M2');
    expect(parseUnit(' Unit ')).toBe('UNIT');
    expect(parseUnit('Kodi')).toBe('Kodi');
    expect(parseUnit(3)).toBe(3);
  });
});

describe('offered account codes', () => {
  it('are all valid and distinct kode rekening', () => {
    for (const a of ACCOUNT_CODES) expect(isAccountCode(a.code)).toBe(true);
    expect(new Set(ACCOUNT_CODES.map((a) => normalizeAccountCode(a.code))).size).toBe(ACCOUNT_CODES.length);
  });

  it('are found by every word of the query, in code or name', () => {
    expect(searchAccountCodes('').length).toBe(ACCOUNT_CODES.length);
    expect(searchAccountCodes('makan rapat').map((a) => a.code)).toEqual(['5.1.02.01.01.0052']);
    expect(searchAccountCodes('5.1.02.01.01.005').map((a) => a.code)).toEqual(['5.1.02.01.01.0052', '5.1.02.01.01.0053', '5.1.02.01.01.0055']);
    expect(searchAccountCodes('JALAN irigasi').map((a) => a.code)).toEqual(['5.2.04.01.01.0001']);
    expect(searchAccountCodes('tidak ada')).toEqual([]);
  });
});
