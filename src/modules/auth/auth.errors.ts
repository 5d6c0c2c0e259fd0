import { defineErrors } from '../../common/errors/catalogue';

export const AUTH_ERRORS = defineErrors({
  // One answer for an unknown user, a wrong password and an inactive account, so none can be told apart.
  INVALID_CREDENTIALS: { status: 401, message: 'Nama pengguna atau kata sandi salah' },
  PASSWORD_INCORRECT: { status: 400, message: 'Kata sandi saat ini salah' },
});
