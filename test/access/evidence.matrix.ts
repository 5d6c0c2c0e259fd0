import type { TestApp } from '../helpers/test-app';
import { bearer } from '../helpers/users';
import { BOOKS_READERS, booksPayment } from './books.matrix';
import type { Actor, MatrixCase, World } from './matrix.types';

// A 1×1 PNG: the smallest real image, so the upload path (type sniffing, thumbnail) runs for real.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const BOUNDARY = 'MATRIKSBATAS';
const form = (kind: string) => Buffer.concat([
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n--${BOUNDARY}\r\n` +
    'Content-Disposition: form-data; name="file"; filename="kuitansi.png"\r\nContent-Type: image/png\r\n\r\n'),
  PNG,
  Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
]);

const uploaded = new WeakMap<TestApp, Promise<{ paymentId: string; evidenceId: string }>>();
/** One payment with one uploaded photo, for the reads (uploaded over HTTP, as the home bendahara). */
function homeEvidence(w: World) {
  let p = uploaded.get(w.t);
  if (!p) {
    p = (async () => {
      const paymentId = await booksPayment(w);
      const res = await w.t.http().post(`/api/spending/${paymentId}/evidence`).set(bearer(w.users.bendahara))
        .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`).send(form('KUITANSI'));
      if (res.status !== 201) throw new Error(`evidence fixture: ${res.status} ${JSON.stringify(res.body)}`);
      return { paymentId, evidenceId: res.body.id as string };
    })();
    uploaded.set(w.t, p);
  }
  return p;
}

const writers: Record<Actor, number> = {
  anonymous: 401, nationalAdmin: 403, admin: 403, adminOther: 403, camat: 403, camatOther: 403,
  lurah: 201, lurahOther: 404, bendahara: 201, bendaharaOther: 404, auditor: 403, auditorOther: 403,
};
const everyone = (status: number): Record<Actor, number> => ({
  anonymous: 401, nationalAdmin: status, admin: status, adminOther: status, camat: status, camatOther: status,
  lurah: status, lurahOther: status, bendahara: status, bendaharaOther: status, auditor: status, auditorOther: status,
});

export const cases: MatrixCase[] = [
  { endpoint: 'GET /api/evidence/limits', request: async () => ({ method: 'get', path: '/api/evidence/limits' }), expect: everyone(200) },
  {
    endpoint: 'POST /api/spending/{id}/evidence',
    request: async (w) => ({
      method: 'post', path: `/api/spending/${await booksPayment(w)}/evidence`, body: form('NOTA'), contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    }),
    expect: writers,
  },
  { endpoint: 'GET /api/spending/{id}/evidence', request: async (w) => ({ method: 'get', path: `/api/spending/${(await homeEvidence(w)).paymentId}/evidence` }), expect: BOOKS_READERS },
  { endpoint: 'GET /api/evidence/{id}', request: async (w) => ({ method: 'get', path: `/api/evidence/${(await homeEvidence(w)).evidenceId}` }), expect: BOOKS_READERS },
  { endpoint: 'GET /api/evidence/{id}/content', request: async (w) => ({ method: 'get', path: `/api/evidence/${(await homeEvidence(w)).evidenceId}/content` }), expect: BOOKS_READERS },
  { endpoint: 'GET /api/evidence/{id}/thumbnail', request: async (w) => ({ method: 'get', path: `/api/evidence/${(await homeEvidence(w)).evidenceId}/thumbnail` }), expect: BOOKS_READERS },
];
