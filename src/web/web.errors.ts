import { defineErrors } from '../common/errors/catalogue';

/** Refusals of the web app's own machinery (the pages' business refusals come from the modules' catalogues). */
export const WEB_ERRORS = defineErrors({
  CSRF_INVALID: { status: 403, message: 'Formulir ini kedaluwarsa atau tidak sah. Muat ulang halaman, lalu coba lagi.' },
  AUDIT_EXPORT_TOO_LARGE: {
    status: 409,
    message: (total: string, max: string) => `Saringan ini mencakup ${total} peristiwa, lebih dari batas unduhan ${max}; persempit saringan (wilayah atau tanggal)`,
  },
});
