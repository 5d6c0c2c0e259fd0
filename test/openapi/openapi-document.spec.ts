import * as fs from 'node:fs';
import type { OpenAPIObject } from '@nestjs/swagger';
import { CATALOGUES, ERROR_STATUS } from '../../src/error-catalogue';
import { API_TAGS } from '../../src/openapi/api-tags';
import { errorEntries } from '../../src/openapi/error-entries';
import { buildOpenApiDocument, gaps, OPENAPI_FILE } from '../../src/openapi/generate-openapi';
import { documentText } from '../../src/openapi/openapi-document';
import { OPERATION_EXAMPLES } from '../../src/openapi/operation-examples';
import { WEB_ERRORS } from '../../src/web/web.errors';

type Response = { $ref?: string; description?: string; 'x-error-codes'?: string[]; content?: Record<string, { schema?: { $ref?: string } }> };
type Operation = {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  responses: Record<string, Response>;
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

// Refusals only the web pages (outside /api, hidden from the document) answer with.
const PAGE_ONLY = new Set(Object.keys(WEB_ERRORS.catalogue));

describe('the OpenAPI document (openapi.json)', () => {
  let doc: OpenAPIObject;
  let ops: Array<{ method: string; path: string; op: Operation }>;

  beforeAll(async () => {
    doc = await buildOpenApiDocument();
    ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ method: m, path, op: item[m] as unknown as Operation })),
    );
  }, 60_000);

  it('is the committed file, byte for byte (run `npm run openapi` after an API change)', () => {
    expect(fs.readFileSync(OPENAPI_FILE, 'utf8')).toBe(documentText(doc));
  });

  it('comes out the same on a second build (stable order)', async () => {
    expect(documentText(await buildOpenApiDocument())).toBe(documentText(doc));
  }, 60_000);

  it('has info with version, licence and contact, servers, and the Bearer scheme', () => {
    expect(doc.info).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), license: { name: 'MIT' }, contact: { email: expect.any(String) } });
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('holds only /api operations: pages are not part of it', () => {
    expect(ops.length).toBeGreaterThan(70);
    expect(ops.filter((o) => !o.path.startsWith('/api/')).map((o) => o.path)).toEqual([]);
    expect(doc.paths['/api/errors']?.get).toBeDefined();
  });

  it('gives every operation a summary, a description, one declared tag and its security requirement', () => {
    const tags = new Set(API_TAGS.map((t) => t.name));
    const problems = ops.flatMap(({ method, path, op }) => {
      const where = `${method.toUpperCase()} ${path}`;
      return [
        ...(op.summary?.trim() ? [] : [`${where}: no summary`]),
        ...(op.description?.trim() ? [] : [`${where}: no description`]),
        ...(op.tags?.length === 1 && tags.has(op.tags[0]) ? [] : [`${where}: tags ${JSON.stringify(op.tags)} (one of src/openapi/api-tags.ts)`]),
        ...(Array.isArray(op.security) ? [] : [`${where}: no security requirement`]),
      ];
    });
    expect(problems).toEqual([]);
    // Login and health need no token; everything else asks for the Bearer token and documents its 401.
    const open = ops.filter((o) => o.op.security!.length === 0).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(open).toEqual(expect.arrayContaining(['POST /api/auth/login', 'GET /api/health']));
    for (const { op } of ops.filter((o) => o.op.security!.length > 0)) {
      expect(op.security).toEqual([{ bearer: [] }]);
      expect(op.responses['401']['x-error-codes']).toContain('UNAUTHORIZED');
    }
  });

  it('documents each error response with codes of exactly that status, in the error body schema', () => {
    const problems: string[] = [];
    for (const { method, path, op } of ops) {
      for (const [status, res] of Object.entries(op.responses)) {
        if (!res['x-error-codes']) continue;
        for (const code of res['x-error-codes']) {
          const declared = (ERROR_STATUS as Record<string, number>)[code];
          if (String(declared) !== status) problems.push(`${method} ${path} ${status}: ${code} is declared with ${declared}`);
        }
        if (res.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ErrorResponse') problems.push(`${method} ${path} ${status}: not ErrorResponse`);
      }
      if (op.responses.default?.$ref !== '#/components/responses/DefaultError') problems.push(`${method} ${path}: no default error response`);
      if (!Object.keys(op.responses).some((s) => /^4\d\d$/.test(s))) problems.push(`${method} ${path}: no 4xx`);
    }
    expect(problems).toEqual([]);
  });

  it('names every code of the catalogue under at least one operation', () => {
    const used = new Set<string>();
    for (const { op } of ops) for (const res of Object.values(op.responses)) for (const c of res['x-error-codes'] ?? []) used.add(c);
    for (const c of (doc.components?.responses?.DefaultError as Response)['x-error-codes'] ?? []) used.add(c);
    const all = CATALOGUES.flatMap((c) => Object.keys(c.catalogue));
    expect(all.length).toBeGreaterThan(80);
    expect(all.filter((c) => !used.has(c) && !PAGE_ONLY.has(c))).toEqual([]);
    // The enum clients generate their code type from is the whole catalogue, pages' codes included.
    expect((doc.components?.schemas?.ErrorCode as { enum: string[] }).enum).toEqual([...all].sort());
  });

  it('reports no gap to the maintainer (what `npm run openapi` warns about)', () => {
    expect(gaps(doc)).toEqual([]);
    // The report does see a gap: an operation without its description, a code under no operation.
    const broken = JSON.parse(documentText(doc)) as OpenAPIObject;
    delete (broken.paths['/api/plans/{id}/submit'].post as { description?: string }).description;
    for (const item of Object.values(broken.paths)) {
      for (const op of Object.values(item) as Array<{ responses?: Record<string, { 'x-error-codes'?: string[] }> }>) {
        for (const res of Object.values(op?.responses ?? {})) if (res['x-error-codes']) res['x-error-codes'] = res['x-error-codes'].filter((c) => c !== 'PLAN_EMPTY');
      }
    }
    expect(gaps(broken)).toEqual([
      expect.stringContaining('POST /api/plans/{id}/submit: no summary or description'),
      expect.stringContaining('PLAN_EMPTY (422) is listed under no operation'),
    ]);
  });

  it('shows every message with real wording: no code left without its sentence', () => {
    const bare = errorEntries().filter((e) => e.message === e.code || /undefined|NaN/.test(e.message));
    expect(bare.map((e) => e.code)).toEqual([]);
  });

  it('carries a whole example on every JSON request body, and no example for an operation that is gone', () => {
    const ids = new Set(ops.map((o) => o.op.operationId));
    expect(Object.keys(OPERATION_EXAMPLES).filter((id) => !ids.has(id))).toEqual([]);
    const withoutExample = ops
      .filter(({ op }) => {
        const json = (op as { requestBody?: { content?: Record<string, { example?: unknown }> } }).requestBody?.content?.['application/json'];
        return json && json.example === undefined;
      })
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(withoutExample).toEqual([]);
  });

  it('leaves no anonymous object schema for a client generator to name', () => {
    const anonymous: string[] = [];
    const visit = (node: unknown, where: string, top: boolean): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}/${i}`, false));
      const s = node as Record<string, unknown>;
      if (!top && s.type === 'object' && s.properties && Object.keys(s.properties).length) anonymous.push(where);
      for (const [k, v] of Object.entries(s)) visit(v, `${where}/${k}`, false);
    };
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) visit(schema, `#/components/schemas/${name}`, true);
    for (const { method, path, op } of ops) visit({ ...op, responses: op.responses }, `${method} ${path}`, true);
    expect(anonymous).toEqual([]);
  });
});
