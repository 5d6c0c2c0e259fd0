/**
 * What a person reads for a request field in a message ("harga satuan wajib diisi"); `details[].field` keeps the
 * API's name for programs. A field without an entry is shown by its API name.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  accountCode: 'kode rekening',
  action: 'aksi',
  active: 'status aktif',
  amount: 'jumlah',
  base: 'dasar pengenaan',
  category: 'kategori',
  currentPassword: 'kata sandi saat ini',
  date: 'tanggal',
  description: 'uraian',
  document: 'dokumen',
  entity: 'jenis data',
  entityId: 'ID data',
  evidenceNo: 'nomor bukti',
  from: 'tanggal awal',
  fullName: 'nama lengkap',
  fundingSource: 'sumber dana',
  kabkota: 'kab/kota',
  kelurahan: 'kelurahan',
  kelurahanCode: 'kode kelurahan',
  kind: 'jenis',
  location: 'lokasi',
  method: 'cara bayar',
  month: 'bulan',
  newPassword: 'kata sandi baru',
  nip: 'NIP',
  note: 'catatan',
  page: 'halaman',
  pageSize: 'jumlah per halaman',
  password: 'kata sandi',
  payee: 'penerima',
  period: 'periode',
  planLineId: 'baris rencana',
  position: 'jabatan',
  rank: 'pangkat/golongan',
  rate: 'tarif',
  reason: 'alasan',
  region: 'wilayah',
  regionCode: 'kode wilayah',
  role: 'peran',
  source: 'sumber dana',
  status: 'status',
  subType: 'subkategori',
  taxes: 'pajak',
  to: 'tanggal akhir',
  type: 'jenis',
  unit: 'satuan',
  unitPrice: 'harga satuan',
  username: 'nama pengguna',
  version: 'versi',
  volume: 'volume',
  year: 'tahun',
};

/** The label of a (possibly nested, dotted) field: its last named segment, with the position of a list item. */
export function fieldLabel(field: string): string {
  const parts = field.split('.');
  const name = parts[parts.length - 1];
  const label = FIELD_LABELS[name] ?? name;
  const index = parts.length > 1 && /^\d+$/.test(parts[parts.length - 2]) ? Number(parts[parts.length - 2]) + 1 : null;
  return index === null ? label : `${label} (butir ke-${index})`;
}
