import { createHash } from 'node:crypto';
import { canonicalJson, updateCanonical } from './canonical-json';

describe('updateCanonical', () => {
  const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

  it('hashes exactly the text canonicalJson writes, also past its 64 KB pieces', () => {
    const values: unknown[] = [
      null,
      'teks "kutip" dan ü',
      [1, undefined, { b: 2, a: [true, false, null] }],
      { z: 'akhir', a: { d: [1, { z: 1, y: 2 }], c: null }, skip: undefined },
      { lines: Array.from({ length: 5_000 }, (_, i) => ({ no: i + 1, uraian: `Kegiatan ${i} — Rp ${i * 1_000}`, anggaran: i * 12_345 })) },
    ];
    for (const v of values) expect(updateCanonical(createHash('sha256'), v).digest('hex')).toBe(sha(canonicalJson(v)));
  });

  it('refuses what JSON cannot say exactly, naming where it is', () => {
    expect(() => updateCanonical(createHash('sha256'), { a: [1, { b: Number.NaN }] })).toThrow('$.a[1].b is not a finite number');
    expect(() => updateCanonical(createHash('sha256'), { f: () => 1 })).toThrow('$.f has unsupported type function');
  });
});
