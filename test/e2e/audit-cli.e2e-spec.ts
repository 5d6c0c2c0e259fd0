import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { AuditCheckpointService } from '../../src/modules/audit/audit-checkpoint.service';
import { AuditService } from '../../src/modules/audit/audit.service';
import { withDatabase } from '../helpers/db-url';
import { auditorCli } from '../helpers/auditor-cli';
import { createTestApp, TestApp } from '../helpers/test-app';

const cli = auditorCli;

describe('npm run cli -- audit verify: a dump, the public key and the checkpoints an auditor kept', () => {
  let t: TestApp;
  let dir: string;
  let copy: { name: string; url: string };
  let copyDs: DataSource;
  const server = process.env.TEST_PG_SERVER_URL!;

  beforeAll(async () => {
    t = await createTestApp();
    const audit = t.app.get(AuditService);
    const checkpoints = t.app.get(AuditCheckpointService);
    await t.db.transaction(async (m) => {
      for (let i = 0; i < 12; i++) {
        await audit.record(m, { actor: null, action: 'test.cli', entity: 'test', entityId: String(i), regionCode: i % 2 ? '35.73.01.1001' : '35.71.01.1001', after: { i } });
      }
    });
    await checkpoints.sign(null);
    await t.db.transaction((m) => audit.record(m, { actor: null, action: 'test.cli', entity: 'test', regionCode: null }));
    await checkpoints.sign(null);

    // What the auditor keeps: the export of GET /api/audit/checkpoints and GET /api/audit/public-key.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-audit-cli-'));
    fs.writeFileSync(path.join(dir, 'checkpoints.json'), JSON.stringify(await checkpoints.list()));
    fs.writeFileSync(path.join(dir, 'public-key.json'), JSON.stringify(checkpoints.publicKey()));
    fs.writeFileSync(path.join(dir, 'public-key.pem'), checkpoints.publicKey().publicKeyPem);
    fs.writeFileSync(path.join(dir, 'other-key.pem'), generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());

    // A dump, restored elsewhere as the auditor would (no owners, no grants).
    const dump = path.join(dir, 'dump.sql');
    execFileSync('pg_dump', ['--no-owner', '--no-privileges', '-f', dump, t.database.url]);
    copy = { name: `${t.database.name}_copy`, url: withDatabase(server, `${t.database.name}_copy`) };
    const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${copy.name}"`);
    await admin.end();
    execFileSync('psql', ['-q', '-X', '-d', copy.url, '-f', dump], { stdio: 'ignore' });
    copyDs = new DataSource(dataSourceOptions(copy.url, { extra: { max: 1 } }));
    await copyDs.initialize();
  }, 180_000);

  afterAll(async () => {
    await copyDs?.destroy();
    const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${copy.name}" WITH (FORCE)`);
    await admin.end();
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('verifies an untouched copy with the public key (PEM or the endpoint’s JSON) and the kept checkpoints', async () => {
    for (const key of ['public-key.pem', 'public-key.json']) {
      const r = await cli(['--database-url', copy.url, '--public-key', path.join(dir, key), '--checkpoints', path.join(dir, 'checkpoints.json')]);
      expect({ key, code: r.code, stderr: r.stderr }).toEqual({ key, code: 0, stderr: '' });
      expect(r.stdout).toMatch(/^VALID: jejak audit utuh/);
      expect(r.stdout).toContain('checkpoint 2, terbaru #2');
    }
  }, 180_000);

  it('reports the newest events and every checkpoint deleted from the copy, from the kept file alone', async () => {
    await copyDs.transaction(async (m) => {
      for (const table of ['audit_event', 'audit_checkpoint', 'audit_checkpoint_head']) await m.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_no_update`);
      await m.query(`DELETE FROM audit_event WHERE partition = '35.73' AND seq > 4`);
      await m.query(`UPDATE audit_partition SET seq = 4, head = (SELECT hash FROM audit_event WHERE partition = '35.73' AND seq = 4) WHERE partition = '35.73'`);
      await m.query('DELETE FROM audit_checkpoint_head');
      await m.query('DELETE FROM audit_checkpoint');
      for (const table of ['audit_event', 'audit_checkpoint', 'audit_checkpoint_head']) await m.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_no_update`);
    });
    const r = await cli(['--database-url', copy.url, '--public-key', path.join(dir, 'public-key.pem'), '--checkpoints', path.join(dir, 'checkpoints.json'), '--json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'CHECKPOINT_MISSING', checkpoint: 1 }),
        expect.objectContaining({ kind: 'CHECKPOINT_MISSING', checkpoint: 2 }),
        expect.objectContaining({ kind: 'CHECKPOINT_NOT_REACHED', partition: '35.73', seq: 6, events: 4 }),
      ]),
    );
    // Without the kept file the copy looks whole: that file is what an auditor must keep.
    const blind = await cli(['--database-url', copy.url, '--public-key', path.join(dir, 'public-key.pem')]);
    expect(blind.code).toBe(0);
  }, 180_000);

  it('trusts no checkpoint signed by another key', async () => {
    const r = await cli(['--database-url', copy.url, '--public-key', path.join(dir, 'other-key.pem'), '--checkpoints', path.join(dir, 'checkpoints.json'), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).problems).toContainEqual(expect.objectContaining({ kind: 'CHECKPOINT_KEY_UNKNOWN', checkpoint: 1 }));
  }, 180_000);
});
