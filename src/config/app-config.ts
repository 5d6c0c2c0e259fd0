import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

// process.env is read here and nowhere else; everything downstream gets a typed, validated AppConfig.
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  // The address to listen on; 127.0.0.1 keeps a server private to the machine.
  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  // The restricted role the app serves with; by default DATABASE_URL with the user dana_app and DATABASE_APP_PASSWORD.
  @IsOptional()
  @IsString()
  DATABASE_APP_URL?: string;

  @IsOptional()
  @IsString()
  DATABASE_APP_PASSWORD?: string;

  // Ed25519 private key (PKCS#8 PEM) signing audit checkpoints, as text or as a file path.
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY?: string;

  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY_FILE?: string;

  // A checkpoint is signed this often when the chains moved; 0 turns the interval off (on demand only).
  @Transform(({ value }) => (value === undefined || value === '' ? 3600 : Number(value)))
  @IsInt()
  @Min(0)
  AUDIT_CHECKPOINT_INTERVAL_SECONDS = 3600;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET harus minimal 32 karakter' })
  JWT_SECRET?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 3600 : Number(value)))
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 3600;

  // Browser sessions of the web app end after this many idle minutes, and after SESSION_MAX_HOURS in any case.
  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1440)
  SESSION_IDLE_MINUTES = 30;

  @Transform(({ value }) => (value === undefined || value === '' ? 12 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(168)
  SESSION_MAX_HOURS = 12;

  // Login attempts allowed per window, counted per username and per client IP (login route only).
  @Transform(({ value }) => (value === undefined || value === '' ? 10 : Number(value)))
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_USERNAME = 10;

  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_IP = 30;

  @Transform(({ value }) => (value === undefined || value === '' ? 60 : Number(value)))
  @IsInt()
  @Min(1)
  LOGIN_RATE_WINDOW_SECONDS = 60;

  // Only behind a reverse proxy: otherwise X-Forwarded-For is the client's to forge, defeating the per-IP limit.
  @Transform(({ value }) => (value === undefined || value === '' ? false : String(value).toLowerCase() === 'true'))
  @IsBoolean()
  TRUST_PROXY = false;

  // Origins (comma-separated, e.g. https://sipd.malangkota.go.id) whose pages may call the API from a browser.
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((o) => o.trim()).filter(Boolean) : value ?? []))
  @IsString({ each: true })
  @Matches(/^https?:\/\/[^/\s]+$/, { each: true, message: 'CORS_ORIGINS berisi asal (origin) yang tidak sah; contoh https://contoh.go.id' })
  CORS_ORIGINS: string[] = [];

  // Longest a report or export query may run before it answers 503 (it is cancelled when the client leaves).
  @Transform(({ value }) => (value === undefined || value === '' ? 30000 : Number(value)))
  @IsInt()
  @Min(1)
  REPORT_STATEMENT_TIMEOUT_MS = 30000;

  // PDFs built at once (each holds a pool connection while it reads and registers); more wait in a queue.
  @Transform(({ value }) => (value === undefined || value === '' ? 2 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(16)
  PDF_RENDER_CONCURRENCY = 2;

  // PDF requests allowed to wait, and for how long, before they answer 503 with Retry-After.
  @Transform(({ value }) => (value === undefined || value === '' ? 200 : Number(value)))
  @IsInt()
  @Min(0)
  PDF_RENDER_QUEUE = 200;

  @Transform(({ value }) => (value === undefined || value === '' ? 120000 : Number(value)))
  @IsInt()
  @Min(1)
  PDF_RENDER_WAIT_MS = 120000;

  @IsOptional()
  @IsString()
  ADMIN_USERNAME?: string;

  @IsOptional()
  @IsString()
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : String(value).toLowerCase() === 'true'))
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IsString()
  PUBLIC_URL?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  // Issued documents (PDFs) are kept here, named by their SHA-256; default <DATA_DIR>/documents.
  @IsOptional()
  @IsString()
  DOCUMENT_STORAGE_DIR?: string;

  // Where issued documents are kept: that folder, or an S3-compatible bucket (the EVIDENCE_S3_* connection).
  @IsIn(['folder', 's3'])
  DOCUMENT_STORAGE: 'folder' | 's3' = 'folder';

  // The bucket of issued documents when DOCUMENT_STORAGE=s3; default EVIDENCE_S3_BUCKET.
  @IsOptional()
  @IsString()
  DOCUMENT_S3_BUCKET?: string;

  // The public verification API (no login): requests allowed per client IP and window.
  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt()
  @Min(1)
  PUBLIC_VERIFY_RATE_LIMIT = 30;

  @Transform(({ value }) => (value === undefined || value === '' ? 60 : Number(value)))
  @IsInt()
  @Min(1)
  PUBLIC_VERIFY_RATE_WINDOW_SECONDS = 60;

  // Reports with more table rows than this render as background jobs (202 with a job URL).
  @Transform(({ value }) => (value === undefined || value === '' ? 2000 : Number(value)))
  @IsInt()
  @Min(0)
  REPORT_JOB_MIN_ROWS = 2000;

  // Whether this instance works the report job queue (every instance may enqueue; several may work it).
  @Transform(({ value }) => (value === undefined || value === '' ? true : String(value).toLowerCase() === 'true'))
  @IsBoolean()
  REPORT_JOB_WORKER = true;

  @Transform(({ value }) => (value === undefined || value === '' ? 2 : Number(value)))
  @IsNumber()
  @Min(0.5)
  REPORT_JOB_POLL_SECONDS = 2;

  // Optional PAdES signing of issued PDFs with a PKCS#12 (.p12/.pfx) certificate.
  @IsOptional()
  @IsString()
  SIGN_PKCS12_PATH?: string;

  @IsOptional()
  @IsString()
  SIGN_PKCS12_PASSWORD?: string;
  // Where evidence files (kuitansi, nota, foto) are kept: a folder under DATA_DIR, or an S3-compatible bucket.
  @IsIn(['folder', 's3'])
  EVIDENCE_STORAGE: 'folder' | 's3' = 'folder';

  @IsOptional()
  @IsString()
  EVIDENCE_S3_ENDPOINT?: string;

  @IsOptional()
  @IsString()
  EVIDENCE_S3_BUCKET?: string;

  @IsString()
  EVIDENCE_S3_REGION = 'us-east-1';

  @IsOptional()
  @IsString()
  EVIDENCE_S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  EVIDENCE_S3_SECRET_ACCESS_KEY?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? true : String(value).toLowerCase() === 'true'))
  @IsBoolean()
  EVIDENCE_S3_FORCE_PATH_STYLE = true;
}

export function validateConfig(env: Record<string, unknown>): AppConfig {
  const config = plainToInstance(AppConfig, env, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  if (errors.length) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`Konfigurasi tidak valid:\n  ${lines.join('\n  ')}`);
  }
  if (config.EVIDENCE_STORAGE === 's3' && !config.EVIDENCE_S3_BUCKET) {
    throw new Error('Konfigurasi tidak valid: EVIDENCE_S3_BUCKET wajib diisi bila EVIDENCE_STORAGE=s3');
  }
  if (config.DOCUMENT_STORAGE === 's3' && !config.DOCUMENT_S3_BUCKET && !config.EVIDENCE_S3_BUCKET) {
    throw new Error('Konfigurasi tidak valid: DOCUMENT_S3_BUCKET (atau EVIDENCE_S3_BUCKET) wajib diisi bila DOCUMENT_STORAGE=s3');
  }
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    throw new Error('Konfigurasi tidak valid: JWT_SECRET wajib diisi bila NODE_ENV=production');
  }
  return config;
}

export function loadConfig(): AppConfig {
  return validateConfig(process.env);
}
