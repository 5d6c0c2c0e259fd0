import { defineErrors } from '../../common/errors/catalogue';

export const USER_ERRORS = defineErrors({
  USER_NOT_FOUND: { status: 404, message: 'Pengguna tidak ditemukan' },
  USERNAME_TAKEN: { status: 400, message: (username: string) => `Nama pengguna ${username} sudah dipakai` },
  USER_ROLE_REGION_MISMATCH: { status: 400, message: (role: string, level: string) => `Peran ${role} harus ditempatkan di wilayah tingkat ${level}` },
  USER_NATIONAL_ADMIN_FORBIDDEN: { status: 403, message: 'Hanya admin nasional yang boleh membuat admin nasional' },
  USER_SELF_DEACTIVATE: { status: 409, message: 'Anda tidak dapat menonaktifkan akun Anda sendiri' },
  USER_ALREADY_ACTIVE: { status: 409, message: 'Pengguna ini sudah aktif' },
  USER_ALREADY_INACTIVE: { status: 409, message: 'Pengguna ini sudah nonaktif' },
});
