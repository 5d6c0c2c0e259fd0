import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../database/data-source-options';
import { keyIdOf, parseCheckpoints, parsePublicKey } from './audit-checkpoint';
import { verifyAuditTrail, VerifyReport } from './audit-verifier';
import { CONSISTENCY_CHECKS, FACT_SOURCES } from './verification-registry';

export interface AuditVerifyArgs {
  databaseUrl: string;
  /** PEM, or the JSON answer of GET /api/audit/public-key. */
  publicKeyFile: string;
  /** An export of GET /api/audit/checkpoints the auditor kept (optional, but only it catches deleted checkpoints). */
  checkpointsFile?: string;
}

/**
 * `npm run cli -- audit verify`: the verification of GET /api/audit/verify against any copy of the database, trusting
 * nothing in it: checkpoints count only if the given public key signed them, and the kept ones must still be there.
 * Reads only; runs no migrations.
 */
export async function verifyFromCli(args: AuditVerifyArgs): Promise<VerifyReport> {
  const key = parsePublicKey(fs.readFileSync(args.publicKeyFile, 'utf8'));
  const kept = args.checkpointsFile ? parseCheckpoints(fs.readFileSync(args.checkpointsFile, 'utf8')) : [];
  const ds = new DataSource(dataSourceOptions(args.databaseUrl, { extra: { max: 2 } }));
  await ds.initialize();
  try {
    return await verifyAuditTrail(ds, { trustedKeys: new Map([[keyIdOf(key), key]]), keptCheckpoints: kept, factSources: FACT_SOURCES, checks: CONSISTENCY_CHECKS });
  } finally {
    await ds.destroy();
  }
}

/** The report for people: a verdict, the partitions and checkpoints, and every problem on a line of its own. */
export function formatReport(r: VerifyReport): string {
  const lines = [
    r.valid ? 'VALID: jejak audit utuh' : `TIDAK VALID: ${r.problemCount} masalah`,
    `peristiwa ${r.events} di ${r.partitions.length} partisi; kepala gabungan ${r.head}`,
    `checkpoint ${r.checkpoints.count}${r.checkpoints.latest ? `, terbaru #${r.checkpoints.latest.seq} (${r.checkpoints.latest.signedAt})` : ''}`,
    ...r.facts.map((f) => `fakta ${f.table}: ${f.rows} baris, ${f.events} peristiwa, ${f.problems} masalah`),
    ...r.checks.map((c) => `pemeriksaan ${c.name}: ${c.consistent ? 'konsisten' : 'TIDAK konsisten'}`),
    ...r.problems.map((p) => `- ${p.kind}${p.partition ? ` partisi=${p.partition}` : ''}${p.seq !== undefined ? ` seq=${p.seq}` : ''}${p.checkpoint !== undefined ? ` checkpoint=${p.checkpoint}` : ''}${p.table ? ` tabel=${p.table}` : ''}${p.id ? ` id=${p.id}` : ''}: ${p.message}`),
  ];
  return lines.join('\n');
}
