import type { KelurahanLineRow, KelurahanRealisasiInput } from '../../src/modules/reports/model/report.types';

/** A kelurahan report input of `rows` synthetic plan lines, for the large-document benchmarks. */
export function syntheticKelurahanInput(rows: number, opts: { wrapEvery?: number } = {}): KelurahanRealisasiInput {
  const lines: KelurahanLineRow[] = Array.from({ length: rows }, (_, i) => ({
    lineId: i + 1,
    category: i % 3 === 0 ? 'pemberdayaan' : 'sarpras',
    subType: i % 3 === 0 ? 'B1' : 'A1',
    accountCode: `5.1.02.01.${String(1 + (i % 97)).padStart(2, '0')}.${String(i % 10000).padStart(4, '0')}`,
    // With wrapEvery, every n-th description wraps onto a second line, so rows are not all the same height.
    description: `Kegiatan sintetis nomor ${i + 1} RT ${1 + (i % 12)} RW ${1 + (i % 7)}${opts.wrapEvery && i % opts.wrapEvery === 0 ? ' dengan uraian panjang yang dibungkus menjadi lebih dari satu baris di kolom uraian laporan' : ''}`,
    volume: 1 + (i % 50),
    unit: 'Paket',
    budget: 10_000_000 + (i % 1000) * 1000,
    realizedBefore: (i % 7) * 100_000,
    realizedInPeriod: (i % 11) * 50_000,
  }));
  return {
    region: {
      level: 'kelurahan',
      kelurahan: { code: '35.73.02.1005', name: 'Oro-oro Dowo' },
      kecamatan: { code: '35.73.02', name: 'Klojen' },
      kabkota: { code: '35.73', name: 'Kota Malang' },
      provinsi: { code: '35', name: 'Jawa Timur' },
    },
    year: 2026,
    period: 'Q3',
    allocation: 1_000_000_000_000,
    lines,
    signature: {
      place: 'Malang',
      date: '2026-10-01',
      signatories: [
        { role: 'camat', name: 'Drs. Bambang Sutrisno, M.Si.', nip: '197205151998031004' },
        { role: 'lurah', name: 'Siti Rahmawati, S.STP', nip: '198409292010012006' },
      ],
    },
    document: {
      documentNumber: 'DK/35.73.02.1005/2026/000001',
      verifyUrl: 'http://localhost:3000/api/documents/x',
      issuedAt: '2026-10-01T00:00:00Z',
    },
  };
}
