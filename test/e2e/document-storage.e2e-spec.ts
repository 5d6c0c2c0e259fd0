import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createObjectStorage, type ObjectStorage } from '../../src/common/storage/object-storage';
import { storageKeyOf } from '../../src/modules/documents/document-issuance.service';
import { FILE_STORAGE } from '../../src/modules/documents/storage/file-storage';
import { createApprovedPlan, setAllocation, spend } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { startTestS3, type TestS3 } from '../helpers/s3-server';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { bearer, createUser, type TestUser } from '../helpers/users';

const K1 = '35.73.01.1001';
const YEAR = 2026;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the one storage port, folder and S3-compatible', () => {
  let s3: TestS3;
  let dir: string;
  beforeAll(async () => {
    s3 = await startTestS3('port');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-store-'));
  });
  afterAll(async () => {
    await s3?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(['folder', 's3'] as const)('%s: writes a key once, reads the same bytes, finds nothing under an unknown key', async (kind) => {
    const store: ObjectStorage =
      kind === 's3'
        ? createObjectStorage({ kind, endpoint: s3.endpoint, region: 'us-east-1', bucket: s3.bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true })
        : createObjectStorage({ kind, root: dir });
    expect(store.kind).toBe(kind);
    const bytes = Buffer.from('%PDF-1.7 contoh isi berkas');
    await store.put('documents/ab/contoh.pdf', bytes, 'application/pdf');
    // Content-addressed: a second put of the same key leaves the first bytes.
    await store.put('documents/ab/contoh.pdf', Buffer.from('lain'), 'application/pdf');
    expect(Buffer.compare(await store.get('documents/ab/contoh.pdf'), bytes)).toBe(0);
    expect(await store.find('documents/ab/tidak-ada.pdf')).toBeNull();
    await expect(store.get('documents/ab/tidak-ada.pdf')).rejects.toThrow();
    await expect(store.put('../luar.pdf', bytes)).rejects.toThrow(/bad storage key/);
  });
});

describe('issued documents in an S3-compatible bucket', () => {
  let s3: TestS3;
  let t: TestApp;
  let dataDir: string;
  let lurah: TestUser;

  beforeAll(async () => {
    s3 = await startTestS3('documents');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-docs-s3-'));
    t = await createTestApp({
      DATA_DIR: dataDir,
      DOCUMENT_STORAGE: 's3',
      DOCUMENT_S3_BUCKET: s3.bucket,
      EVIDENCE_S3_ENDPOINT: s3.endpoint,
      EVIDENCE_S3_ACCESS_KEY_ID: 'S3RVER',
      EVIDENCE_S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    await importKabkota(t, '35.73');
    lurah = await createUser(t, 'lurah', K1);
    await setAllocation(t, K1, YEAR, 1_000_000_000);
    const plan = await createApprovedPlan(t, {
      kelurahanCode: K1,
      year: YEAR,
      lurah,
      allocation: null,
      lines: [{ category: 'sarpras', subType: 'A1', accountCode: '5.1.02.01.01.0024', description: 'Saluran drainase RW 02', volume: 10, unit: 'M', unitPrice: 8_000_000 }],
    });
    await spend(t, plan, 0, '2026-04-01', 15_000_000);
  });
  afterAll(async () => {
    await t?.close();
    await s3?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores the issued bytes in the bucket and serves them again byte for byte', async () => {
    const get = () => t.http().get(`/api/reports/realisasi.pdf?region=${K1}&year=${YEAR}&period=Q2`).set(bearer(lurah)).buffer(true).responseType('blob').expect(200);
    const first = await get();
    const number = first.headers['x-document-number'];
    const [row] = await t.db.query(`SELECT sha256, storage_key FROM issued_document WHERE number = $1`, [number]);
    expect(row).toEqual({ sha256: sha(first.body), storage_key: storageKeyOf(sha(first.body)) });

    const storage = t.app.get<ObjectStorage>(FILE_STORAGE);
    expect(storage.kind).toBe('s3');
    // In the bucket, read straight from another client of the same store; nothing under DATA_DIR/documents.
    const other = createObjectStorage({ kind: 's3', endpoint: s3.endpoint, region: 'us-east-1', bucket: s3.bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });
    expect(Buffer.compare(await other.get(row.storage_key), first.body)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'documents'))).toBe(false);

    const again = await get();
    expect(again.headers['x-document-number']).toBe(number);
    expect(Buffer.compare(again.body, first.body)).toBe(0);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM issued_document WHERE region_code = $1`, [K1]);
    expect(n).toBe(1);
  });
});
