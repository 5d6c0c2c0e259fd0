import { defineErrors } from '../common/errors/catalogue';

/** Refusals of the web app's own machinery (the pages' business refusals come from the modules' catalogues). */
export const WEB_ERRORS = defineErrors({
  CSRF_INVALID: { status: 403, message: 'Formulir ini kedaluwarsa atau tidak sah. Muat ulang halaman, lalu coba lagi.' },
});
