import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRegionCsv } from './region-csv';

const HEADER = 'kode_provinsi,nama_provinsi,kode_kabkota,nama_kabkota,kode_kecamatan,nama_kecamatan,kode_kelurahan,nama_kelurahan';
const NATIONAL = path.join(__dirname, '../../../templates/wilayah/kelurahan.csv');

describe('parseRegionCsv', () => {
  it('reads the national file into the four levels', async () => {
    const r = await parseRegionCsv(fs.createReadStream(NATIONAL));
    expect(r.errors).toEqual([]);
    expect([r.provinsi.length, r.kabkota.length, r.kecamatan.length, r.kelurahan.length]).toEqual([37, 416, 2090, 8496]);
  });

  it('takes one kab/kota', async () => {
    const r = await parseRegionCsv(fs.readFileSync(NATIONAL), '35.73');
    expect(r.kecamatan.map((k) => k.name)).toEqual(['Blimbing', 'Klojen', 'Kedungkandang', 'Sukun', 'Lowokwaru']);
    expect(r.kelurahan).toHaveLength(57);
    expect(r.kelurahan[0]).toEqual({ code: '35.73.01.1001', name: 'Balearjosari', parentCode: '35.73.01' });
  });

  it('keeps quoted names with commas', async () => {
    const r = await parseRegionCsv(fs.readFileSync(NATIONAL), '12.07');
    expect(r.kelurahan.find((k) => k.code === '12.07.28.1007')?.name).toBe('Lubuk Pakam I,II');
  });

  it.each([
    ['a malformed row', `${HEADER}\n35,Jawa Timur,35.73,Kota Malang,35.73.01,Blimbing\n`, 2, undefined, /8 kolom/],
    ['a code of the wrong shape', `${HEADER}\n35,Jawa Timur,35.73,Kota Malang,35.73.01,Blimbing,35.73.01.2001,Desa\n`, 2, 'kode_kelurahan', /bentuk kode kelurahan/],
    ['an unknown parent', `${HEADER}\n35,Jawa Timur,35.73,Kota Malang,35.71.01,Blimbing,35.71.01.1001,X\n`, 2, 'kode_kecamatan', /induk/],
    ['a duplicate', `${HEADER}\n35,Jawa Timur,35.73,Kota Malang,35.73.01,Blimbing,35.73.01.1001,A\n35,Jawa Timur,35.73,Kota Malang,35.73.01,Blimbing,35.73.01.1001,B\n`, 3, 'kode_kelurahan', /ganda/],
    ['an empty name', `${HEADER}\n35,Jawa Timur,35.73,,35.73.01,Blimbing,35.73.01.1001,A\n`, 2, 'nama_kabkota', /kosong/],
    ['a conflicting name', `${HEADER}\n35,Jawa Timur,35.73,Kota Malang,35.73.01,Blimbing,35.73.01.1001,A\n35,Jawa Timur,35.73,Kota Malang,35.73.01,Blimbingan,35.73.01.1002,B\n`, 3, 'nama_kecamatan', /berbeda/],
  ])('names the line of %s', async (_what, csv, line, field, message) => {
    const r = await parseRegionCsv(csv);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line, ...(field ? { field } : {}) });
    expect(r.errors[0].message).toMatch(message);
  });

  it('refuses a wrong header and an empty file', async () => {
    expect((await parseRegionCsv('kode,nama\n35,Jawa Timur\n')).errors[0].message).toMatch(/baris judul/);
    expect((await parseRegionCsv('')).errors[0].message).toMatch(/kosong/);
  });

  it('refuses an unterminated quote', async () => {
    const r = await parseRegionCsv(`${HEADER}\n35,"Jawa Timur,35.73,Kota Malang,35.73.01,Blimbing,35.73.01.1001,A\n`);
    expect(r.errors[0].message).toMatch(/CSV tidak dapat dibaca/);
  });
});
