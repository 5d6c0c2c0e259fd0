import { DocumentsService, sha256Hex } from '../../src/modules/documents/documents.service';
import type { TestApp } from '../helpers/test-app';
import type { MatrixCase, World } from './matrix.types';
import { HOME } from './world';

// An ASCII stand-in PDF, so it survives being sent as a string body; registered once per world for the home kelurahan.
const PDF_TEXT = '%PDF-1.4\n% dokumen uji matriks akses\n%%EOF\n';
const BOUNDARY = 'matrixboundary7310';
const MULTIPART = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="laporan.pdf"\r\nContent-Type: application/pdf\r\n\r\n${PDF_TEXT}\r\n--${BOUNDARY}--\r\n`;

const homes = new WeakMap<TestApp, Promise<string>>();
function homeDocument(w: World): Promise<string> {
  let p = homes.get(w.t);
  if (!p) {
    const docs = w.t.app.get(DocumentsService);
    const ref = { kind: 'realisasi' as const, regionCode: HOME.kelurahan, year: 2026, period: 'FY' };
    const pdf = Buffer.from(PDF_TEXT, 'utf8');
    p = w.t.db.transaction(async (m) => {
      const number = await docs.reserveNumber(m, ref);
      await docs.register(m, { ...ref, number, sha256: sha256Hex(pdf), dataSha256: sha256Hex(Buffer.from(number)), byteSize: pdf.length, issuedBy: null });
      return number;
    });
    homes.set(w.t, p);
  }
  return p;
}

export const cases: MatrixCase[] = [
  {
    endpoint: 'GET /api/documents/{number}',
    request: async (w) => ({ method: 'get', path: `/api/documents/${encodeURIComponent(await homeDocument(w))}` }),
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 404, camat: 200, camatOther: 404,
      lurah: 200, lurahOther: 404, bendahara: 200, bendaharaOther: 404, auditor: 200, auditorOther: 404,
    },
  },
  {
    // The bytes are the proof: any logged-in role may verify (details are trimmed out of scope, not refused).
    endpoint: 'POST /api/documents/verify',
    request: async (w) => {
      await homeDocument(w);
      return { method: 'post', path: '/api/documents/verify', contentType: `multipart/form-data; boundary=${BOUNDARY}`, body: MULTIPART };
    },
    expect: {
      anonymous: 401, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 200, camatOther: 200,
      lurah: 200, lurahOther: 200, bendahara: 200, bendaharaOther: 200, auditor: 200, auditorOther: 200,
    },
  },
  {
    // Public: the printed QR code leads anyone here, logged in or not (rate-limited per client IP).
    endpoint: 'GET /api/public/documents/{number}',
    request: async (w) => ({ method: 'get', path: `/api/public/documents/${encodeURIComponent(await homeDocument(w))}` }),
    expect: {
      anonymous: 200, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 200, camatOther: 200,
      lurah: 200, lurahOther: 200, bendahara: 200, bendaharaOther: 200, auditor: 200, auditorOther: 200,
    },
  },
  {
    endpoint: 'POST /api/public/documents/verify',
    request: async (w) => {
      await homeDocument(w);
      return { method: 'post', path: '/api/public/documents/verify', contentType: `multipart/form-data; boundary=${BOUNDARY}`, body: MULTIPART };
    },
    expect: {
      anonymous: 200, nationalAdmin: 200, admin: 200, adminOther: 200, camat: 200, camatOther: 200,
      lurah: 200, lurahOther: 200, bendahara: 200, bendaharaOther: 200, auditor: 200, auditorOther: 200,
    },
  },
];
