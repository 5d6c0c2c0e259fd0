import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { DEFAULT_DATA_DIR } from './common/paths';
import { loadConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { EMBEDDED_PORT } from './database/embedded-port';
import { formatReport, verifyFromCli } from './modules/audit/audit-verify.cli';
import { importRegionsFile } from './modules/regions/region-import.cli';

const USAGE = `Penggunaan:
  npm run db:migrate                              jalankan migrasi yang belum dijalankan
  npm run cli -- import-regions FILE [--kabkota 35.73]   impor wilayah dari CSV (format kelurahan.csv)
  npm run cli -- audit verify --public-key FILE [--checkpoints FILE] [--database-url URL] [--json]
                                                  verifikasi jejak audit salinan basis data (hanya membaca)`;

const option = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help') {
    console.log(USAGE);
    return;
  }
  if (command === 'audit') {
    // An auditor's machine has none of the app's configuration: only a database URL, the public key, the kept file.
    if (rest[0] !== 'verify') throw new Error(`Perintah tidak dikenal: audit ${rest[0] ?? ''}\n${USAGE}`);
    const databaseUrl = option(rest, '--database-url') ?? loadConfig().DATABASE_URL;
    const publicKeyFile = option(rest, '--public-key');
    if (!databaseUrl || !publicKeyFile) throw new Error(`audit verify perlu --public-key dan --database-url (atau DATABASE_URL)\n${USAGE}`);
    const report = await verifyFromCli({ databaseUrl, publicKeyFile, checkpointsFile: option(rest, '--checkpoints') });
    console.log(rest.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
    process.exitCode = report.valid ? 0 : 2;
    return;
  }
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  if (!config.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR ?? DEFAULT_DATA_DIR, 'pg'), port: EMBEDDED_PORT, database: 'kelurahan' });
    config.DATABASE_URL = embedded.url;
  }
  const ds = new DataSource(dataSourceOptions(config.DATABASE_URL));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    if (command === 'migrate') {
      console.log(ran.length ? `Migrasi dijalankan: ${ran.map((m) => m.name).join(', ')}` : 'Tidak ada migrasi baru');
    } else if (command === 'import-regions') {
      const file = rest.find((a) => !a.startsWith('--'));
      const k = rest.indexOf('--kabkota');
      if (!file || !fs.existsSync(file)) throw new Error(`Berkas tidak ditemukan: ${file ?? '(kosong)'}\n${USAGE}`);
      const result = await importRegionsFile(ds, file, k >= 0 ? rest[k + 1] : undefined);
      console.log(JSON.stringify(result));
    } else {
      throw new Error(`Perintah tidak dikenal: ${command}\n${USAGE}`);
    }
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
