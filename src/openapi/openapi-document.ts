import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ExampleObject,
  type ReferenceObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { PROJECT_ROOT } from '../common/paths';
import { IS_PUBLIC } from '../common/auth/public.decorator';
import { ROLES_KEY } from '../common/auth/roles.decorator';
import type { ErrorCode } from '../error-catalogue';
import { API_ENDPOINT_ERRORS } from './api-endpoint.decorator';
import { errorEntries, errorEntry, type ErrorEntry } from './error-entries';
import { SESSION_COOKIE } from '../web/page-context';
import { API_TAGS } from './api-tags';
import { OPERATION_EXAMPLES } from './operation-examples';

// The version of the package is the version of the API.
const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };

export const BEARER = 'bearer';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Codes the framework answers with when nothing more specific applies, and the server's own failure. */
const FALLBACK_CODES: readonly ErrorCode[] = ['BAD_REQUEST', 'FORBIDDEN', 'METHOD_NOT_ALLOWED', 'CONFLICT', 'BUSINESS_RULE', 'INTERNAL_ERROR'];

const STATUS_TEXT: Record<number, string> = {
  400: 'Masukan tidak valid',
  401: 'Belum masuk atau sesi berakhir',
  403: 'Peran tidak diizinkan',
  404: 'Tidak ditemukan atau di luar wilayah pengguna',
  405: 'Metode tidak diizinkan',
  409: 'Tidak sesuai dengan keadaan data saat ini',
  413: 'Isi permintaan terlalu besar',
  414: 'Alamat terlalu panjang',
  415: 'Jenis isi tidak didukung',
  422: 'Ditolak oleh aturan anggaran',
  429: 'Terlalu banyak permintaan',
  500: 'Kesalahan server',
  503: 'Layanan sedang sibuk',
};

interface Handler {
  cls: Type;
  handler: object;
}

/** The document's frame: info, servers, security schemes, tags. */
function documentConfig(): Omit<OpenAPIObject, 'paths'> {
  const builder = new DocumentBuilder()
    .setTitle('Dana Kelurahan API')
    .setDescription(
      [
        'Perencanaan, realisasi dan pertanggungjawaban dana kelurahan: pagu, rencana kegiatan dan anggaran (dengan',
        'perubahan), realisasi dan buku bendahara, laporan, dokumen bernomor yang dapat diverifikasi, dan jejak audit.',
        '',
        'Setiap penolakan berbentuk `{ statusCode, code, message, details }`; `code` adalah kode mesin yang stabil',
        '(bahasa Inggris), `message` teks untuk manusia (Bahasa Indonesia), `details` menyebut kolom yang salah.',
        'Setiap operasi mencantumkan, per status HTTP, kode yang dapat dijawabnya; daftar lengkap ada di `GET /api/errors`.',
        'Uang: rupiah utuh sebagai bilangan bulat JSON. Data di luar wilayah pengguna dijawab 404 seperti data yang tidak ada.',
        '',
        'Autentikasi: setiap operasi /api kecuali yang bertanda tanpa login memakai `Authorization: Bearer <accessToken>`',
        'dari `POST /api/auth/login`. Halaman web (di luar /api, tidak termasuk dokumen ini) memakai sesi peramban:',
        `cookie httpOnly \`${SESSION_COOKIE}\` dari halaman /masuk, dengan token CSRF pada setiap formulir; cookie itu tidak diterima oleh /api.`,
      ].join('\n'),
    )
    .setVersion(version)
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('{scheme}://{host}', 'Server aplikasi: server Pemda, atau server lokal dari `npm start`', {
      scheme: { default: 'http', enum: ['http', 'https'], description: 'https di server Pemda' },
      host: { default: 'localhost:3000', description: 'nama host (dan port) server, mis. dana-kelurahan.malangkota.go.id' },
    })
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'accessToken dari `POST /api/auth/login`, dikirim sebagai `Authorization: Bearer <accessToken>`' },
      BEARER,
    );
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  const config = builder.build();
  config.info.contact = { name: 'Pengelola aplikasi Dana Kelurahan', email: 'dana-kelurahan@pemda.example' };
  return config;
}

/** Every controller method of the app by the operation id the document gives it (`Controller_method`). */
function handlers(app: INestApplication): Map<string, Handler> {
  const out = new Map<string, Handler>();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const cls = wrapper.metatype as Type | null;
      if (!cls) continue;
      const proto = cls.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = proto[name];
        if (name !== 'constructor' && typeof fn === 'function') out.set(`${cls.name}_${name}`, { cls, handler: fn });
      }
    }
  }
  return out;
}

const meta = <T>(key: string, h: Handler): T | undefined =>
  (Reflect.getMetadata(key, h.handler) as T | undefined) ?? (Reflect.getMetadata(key, h.cls) as T | undefined);

const isRef = (x: unknown): x is ReferenceObject => typeof x === 'object' && x !== null && '$ref' in x;

/** The codes an operation may answer with: its own, and those of the guards and pipes on its route. */
function operationCodes(op: OperationObject, method: string, path: string, h: Handler): ErrorCode[] {
  const codes = new Set<ErrorCode>(meta<ErrorCode[]>(API_ENDPOINT_ERRORS, h) ?? []);
  const isPublic = meta<boolean>(IS_PUBLIC, h) === true;
  const roles = meta<string[]>(ROLES_KEY, h);
  if (!isPublic) codes.add('UNAUTHORIZED');
  if (roles?.length) codes.add('FORBIDDEN_ROLE');
  const body = op.requestBody && !isRef(op.requestBody) ? op.requestBody : undefined;
  // Every route's query and path strings are checked before routing reaches a handler (control characters …).
  codes.add('VALIDATION_FAILED');
  if (path.includes('{')) {
    codes.add('BAD_URL');
    codes.add('URI_TOO_LONG');
  }
  const types = Object.keys(body?.content ?? {});
  if (types.includes('application/json')) ['INVALID_JSON', 'BODY_TOO_DEEP', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'].forEach((c) => codes.add(c as ErrorCode));
  if (types.some((t) => t.startsWith('text/'))) ['TEXT_NOT_UTF8', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'].forEach((c) => codes.add(c as ErrorCode));
  if (types.includes('multipart/form-data')) ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'].forEach((c) => codes.add(c as ErrorCode));
  // A write that outlived the runner's retries on a serialisation failure asks the client to try again.
  if (method !== 'get' && method !== 'head') codes.add('CONCURRENT_UPDATE');
  return [...codes];
}

const SAMPLE_DETAILS: Partial<Record<ErrorCode, unknown[]>> = {
  VALIDATION_FAILED: [{ field: 'amount', constraint: 'isInt', message: 'Jumlah harus berupa bilangan bulat' }],
  YEAR_OUT_OF_RANGE: [{ field: 'year', message: 'Tahun anggaran harus antara 2019 dan 2027' }],
  PERIOD_CLOSED: [{ field: 'date', message: 'bulan Maret 2026 sudah ditutup (tutup buku)', year: 2026, month: 3 }],
};

function errorResponse(status: number, entries: ErrorEntry[], lead?: string): ResponseObject & { 'x-error-codes': string[] } {
  const codes = entries.map((e) => e.code);
  const text = lead ?? STATUS_TEXT[status] ?? 'Penolakan';
  return {
    description: `${text}. Kode: ${codes.map((c) => `\`${c}\``).join(', ')}`,
    'x-error-codes': codes,
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/ErrorResponse' },
        examples: Object.fromEntries(entries.map((e) => [e.code, { $ref: `#/components/examples/${e.code}` }])),
      },
    },
  };
}

/** The operation's whole request and answer examples (src/openapi/operation-examples.ts), on its JSON bodies. */
function addExamples(op: OperationObject): void {
  const example = op.operationId ? OPERATION_EXAMPLES[op.operationId] : undefined;
  if (!example) return;
  const body = op.requestBody && !isRef(op.requestBody) ? op.requestBody.content['application/json'] : undefined;
  if (example.request !== undefined) {
    if (!body) throw new Error(`${op.operationId}: a request example, but no JSON request body`);
    body.example = example.request;
  }
  if (example.response !== undefined) {
    const ok = Object.entries(op.responses).find(([status]) => /^2\d\d$/.test(status))?.[1];
    const media = ok && !isRef(ok) ? ok.content?.['application/json'] : undefined;
    if (!media) throw new Error(`${op.operationId}: an answer example, but no JSON answer`);
    media.example = example.response;
  }
}

/** Adds the error responses (per status, with their codes and examples) and the security requirement to one operation. */
function completeOperation(op: OperationObject, method: string, path: string, h: Handler): void {
  addExamples(op);
  const isPublic = meta<boolean>(IS_PUBLIC, h) === true;
  op.security = isPublic ? [] : [{ [BEARER]: [] }];
  const byStatus = new Map<number, ErrorEntry[]>();
  for (const code of operationCodes(op, method, path, h)) {
    const e = errorEntry(code);
    byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e]);
  }
  for (const [status, entries] of byStatus) {
    entries.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    op.responses[String(status)] = errorResponse(status, entries);
  }
  op.responses.default = { $ref: '#/components/responses/DefaultError' };
}

/** One example per code that some operation answers with, referenced from every response that carries it. */
function errorExamples(doc: OpenAPIObject): Record<string, ExampleObject> {
  const used = new Set<string>();
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      for (const res of Object.values(item[method]?.responses ?? {})) for (const c of (res as { 'x-error-codes'?: string[] })['x-error-codes'] ?? []) used.add(c);
    }
  }
  FALLBACK_CODES.forEach((c) => used.add(c));
  const out: Record<string, ExampleObject> = {};
  for (const e of errorEntries()) {
    if (!used.has(e.code)) continue;
    out[e.code] = {
      summary: e.message.length > 120 ? `${e.message.slice(0, 117)}...` : e.message,
      value: { statusCode: e.status, code: e.code, message: e.message, details: SAMPLE_DETAILS[e.code] ?? [] },
    };
  }
  return out;
}

function errorSchemas(): Record<string, SchemaObject> {
  const entries = errorEntries();
  return {
    ErrorCode: {
      type: 'string',
      description: 'Kode mesin penolakan (stabil); daftar beserta status dan pesannya di `GET /api/errors`.',
      enum: entries.map((e) => e.code),
      example: 'PLAN_OVER_ALLOCATION',
    },
    ErrorDetail: {
      type: 'object',
      description: 'Satu hal yang salah, biasanya satu kolom masukan.',
      properties: {
        field: { type: 'string', description: 'nama kolom (API, bahasa Inggris), bertitik untuk kolom bersarang', example: 'amount' },
        line: { type: 'integer', description: 'nomor baris berkas yang diunggah', example: 14 },
        constraint: { type: 'string', description: 'aturan yang dilanggar', example: 'isInt' },
        message: { type: 'string', description: 'penjelasan untuk manusia', example: 'Jumlah harus berupa bilangan bulat' },
      },
      required: ['message'],
      additionalProperties: true,
    },
    ErrorResponse: {
      type: 'object',
      description: 'Bentuk setiap penolakan.',
      properties: {
        statusCode: { type: 'integer', example: 422 },
        code: { $ref: '#/components/schemas/ErrorCode' },
        message: { type: 'string', example: 'Total rencana Rp1.025.000.000 melebihi pagu Rp1.000.000.000 (selisih Rp25.000.000)' },
        details: { type: 'array', items: { $ref: '#/components/schemas/ErrorDetail' } },
      },
      required: ['statusCode', 'code', 'message', 'details'],
    },
  };
}

const pascal = (s: string) => s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _s: string, c: string) => c.toUpperCase());

/**
 * Moves every anonymous object schema (an inline request body, a nested object property) into
 * `components.schemas` under a stable name, so a client generator has a name to give it.
 */
function nameInlineObjects(doc: OpenAPIObject): void {
  const schemas = (doc.components!.schemas ??= {}) as Record<string, SchemaObject | ReferenceObject>;
  const lift = (schema: SchemaObject | ReferenceObject | undefined, name: string): SchemaObject | ReferenceObject | undefined => {
    if (!schema || isRef(schema)) return schema;
    visit(schema, name);
    if (schema.type === 'object' && schema.properties && Object.keys(schema.properties).length) {
      let unique = name;
      for (let i = 2; unique in schemas; i++) unique = `${name}${i}`;
      schemas[unique] = schema;
      return { $ref: `#/components/schemas/${unique}` };
    }
    return schema;
  };
  const visit = (schema: SchemaObject, name: string) => {
    for (const [prop, sub] of Object.entries(schema.properties ?? {})) schema.properties![prop] = lift(sub, `${name}${pascal(prop)}`)!;
    if (schema.items) schema.items = lift(schema.items, `${name}Item`)!;
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      const list = schema[key];
      if (list) schema[key] = list.map((s) => (isRef(s) ? s : (visit(s, name), s)));
    }
  };
  for (const [name, schema] of Object.entries({ ...schemas })) if (!isRef(schema)) visit(schema, name);
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const base = pascal(op.operationId ?? `${method} ${Object.keys(doc.paths).find((p) => doc.paths[p] === item)}`).replace(/Controller/, '');
      if (op.requestBody && !isRef(op.requestBody)) {
        for (const media of Object.values(op.requestBody.content)) media.schema = lift(media.schema, `${base}Body`);
      }
      for (const [status, res] of Object.entries(op.responses)) {
        if (!res || isRef(res) || !res.content) continue;
        for (const media of Object.values(res.content)) media.schema = lift(media.schema, `${base}Response${status === '200' || status === '201' ? '' : status}`);
      }
    }
  }
}

/** OpenAPI 3.0 ignores siblings of `$ref` and wants a `type` beside `nullable`: wrap such schemas. */
function fixNullable(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach(fixNullable);
  const s = node as Record<string, unknown>;
  for (const v of Object.values(s)) fixNullable(v);
  if (s.nullable === true && !s.type) {
    if (typeof s.$ref === 'string') {
      s.allOf = [{ $ref: s.$ref }];
      delete s.$ref;
    }
    s.type = 'object';
  }
}

/** Object keys sorted at every depth (arrays keep their order): the same code gives the same bytes. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

/** The text of `openapi.json`: canonical JSON, two-space indented, newline at the end. */
export const documentText = (doc: OpenAPIObject): string => `${JSON.stringify(canonical(doc), null, 2)}\n`;

/**
 * The API's OpenAPI document, complete: every operation with its security and every refusal it may answer with
 * (from the error catalogue), named schemas, canonical key order. The app serves it at `/api/docs-json` and
 * `npm run openapi` writes it to `openapi.json`; both come from here, so they cannot differ.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(app, documentConfig());
  const byOperationId = handlers(app);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const handler = op.operationId ? byOperationId.get(op.operationId) : undefined;
      // Its guards decide what it may answer: an operation the builder cannot trace to its method is a bug here.
      if (!handler) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} (${op.operationId}) matches no controller method`);
      completeOperation(op, method, path, handler);
    }
  }
  doc.components ??= {};
  doc.components.schemas = { ...(doc.components.schemas ?? {}), ...errorSchemas() };
  doc.components.responses = {
    ...(doc.components.responses ?? {}),
    DefaultError: errorResponse(
      0,
      FALLBACK_CODES.map(errorEntry),
      'Penolakan umum kerangka kerja tanpa kode yang lebih khusus, atau kesalahan server (status sesuai `statusCode`)',
    ),
  };
  doc.components.examples = { ...(doc.components.examples ?? {}), ...errorExamples(doc) };
  nameInlineObjects(doc);
  fixNullable(doc);
  return canonical(doc) as OpenAPIObject;
}
