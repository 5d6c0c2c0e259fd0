/** One tag per module, in the order a reader meets them; every operation carries its module's tag. */
export const API_TAGS: readonly { name: string; description: string }[] = [
  { name: 'auth', description: 'Masuk, keluar, ganti kata sandi, identitas pengguna yang masuk' },
  { name: 'users', description: 'Pengguna dan perannya (admin)' },
  { name: 'regions', description: 'Wilayah Kemendagri: impor dan penelusuran provinsi, kab/kota, kecamatan, kelurahan' },
  { name: 'allocations', description: 'Pagu dana kelurahan per tahun dan riwayat perubahannya' },
  { name: 'plans', description: 'Rencana kegiatan dan anggaran kelurahan: rincian, pengajuan, persetujuan camat, perubahan' },
  { name: 'spending', description: 'Realisasi (buku kas) per rincian rencana, pembatalan, ekspor buku' },
  { name: 'books', description: 'Buku bendahara: penerimaan dana, saldo, pajak, tutup buku, BKU dan LPJ' },
  { name: 'evidence', description: 'Bukti pengeluaran (kuitansi, nota, foto)' },
  { name: 'reports', description: 'Laporan realisasi (ringkasan, PDF, XLSX, CSV) dan pekerjaan laporan' },
  { name: 'documents', description: 'Dokumen bernomor yang diterbitkan sistem dan verifikasinya' },
  { name: 'flags', description: 'Peringatan dini: harga di atas standar, pecah pembelian, penyerapan lambat' },
  { name: 'audit', description: 'Jejak audit berantai hash, checkpoint bertanda tangan, verifikasi' },
  { name: 'reference', description: 'Data acuan: kategori, satuan, sumber dana, kode rekening, katalog kode kesalahan' },
  { name: 'health', description: 'Kesiapan dan keaktifan layanan' },
];
