import { defineErrors } from '../../common/errors/catalogue';

export const REGION_ERRORS = defineErrors({
  REGION_NOT_FOUND: { status: 404, message: (code: string) => `Wilayah dengan kode ${code} tidak ditemukan` },
  KELURAHAN_NOT_FOUND: { status: 404, message: (code: string) => `Kelurahan dengan kode ${code} tidak ditemukan` },
  REGION_UNKNOWN: { status: 400, message: (code: string) => `Wilayah ${code} tidak terdaftar` },
  REGION_IMPORT_INVALID: {
    status: 400,
    message: (first: string, line: number) => `Berkas wilayah ditolak: ${first} (baris ${line}); tidak ada data yang diimpor`,
  },
  REGION_IMPORT_SCOPE: {
    status: 403,
    message: (own: string) => `Admin ${own} hanya boleh mengimpor wilayahnya sendiri (kabkota=${own})`,
  },
});
