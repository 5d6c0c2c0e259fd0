import { defineErrors } from '../../common/errors/catalogue';

export const AUTH_ERRORS = defineErrors({
  INVALID_CREDENTIALS: { status: 401, message: 'Nama pengguna atau kata sandi salah' },
});
