import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** The role the application serves with, created by the migrations: SELECT/INSERT/UPDATE/DELETE on plain tables, SELECT/INSERT on append-only ones. */
export const APP_ROLE = 'dana_app';

/** Where the app connects: DATABASE_APP_URL, else DATABASE_URL (the owner) as the app role with DATABASE_APP_PASSWORD. */
export function appDatabaseUrl(config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_APP_URL' | 'DATABASE_APP_PASSWORD'>): string {
  if (config.DATABASE_APP_URL) return config.DATABASE_APP_URL;
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL belum ditentukan');
  const u = new URL(config.DATABASE_URL);
  u.username = APP_ROLE;
  u.password = config.DATABASE_APP_PASSWORD ? encodeURIComponent(config.DATABASE_APP_PASSWORD) : '';
  return u.toString();
}

/** Runs pending migrations as the database owner (DATABASE_URL) on a connection of its own. */
export async function migrateAsOwner(ownerUrl: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(ownerUrl, { extra: { max: 1 } }));
  await ds.initialize();
  try {
    return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** Gives the app role its password, as the owner (a superuser or a CREATEROLE role): the embedded database's start-up. */
export async function setAppRolePassword(ownerUrl: string, password: string): Promise<void> {
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    // Identifiers and the literal are ours (no user input); format() quotes the password.
    const [{ sql }] = (await c.query(`SELECT format('ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD %L', $1::text) AS sql`, [password])).rows;
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The app role's password for the embedded database, generated once and kept in the data folder. */
export function embeddedAppPassword(dataDir: string): string {
  const file = path.join(dataDir, 'db-app-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(24).toString('hex');
  fs.writeFileSync(file, password, { mode: 0o600 });
  return password;
}
