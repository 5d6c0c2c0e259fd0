import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { validateConfig } from '../../src/config/app-config';
import { configureApp } from '../../src/configure-app';
import { freePort } from '../helpers/free-port';
import { createTestDatabase, TestDatabase } from '../helpers/test-db';
import { TEST_PASSWORD } from '../helpers/users';

/**
 * The web app in a real browser: the real AppModule on a fresh database, listening on 127.0.0.1 at a free port, and
 * Debian's Chromium driven by playwright-core. Screenshots go to test/output/screens (not committed).
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const SCREENS_DIR = path.join(__dirname, '..', 'output', 'screens');
export const WIDTHS = [
  { width: 360, height: 740 },
  { width: 1366, height: 768 },
] as const;

export interface WebApp {
  app: NestFastifyApplication;
  db: DataSource;
  database: TestDatabase;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (its own cookies) at the given viewport, its pages opening URLs of this app. */
  context(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * `selfPublicUrl`: PUBLIC_URL is the test server's own address, so the URL a document's QR code prints opens in
 * the test browser.
 */
export async function startWebApp(env: Record<string, string> = {}, opts: { selfPublicUrl?: boolean } = {}): Promise<WebApp> {
  const database = await createTestDatabase();
  const port = opts.selfPublicUrl ? await freePort() : 0;
  if (opts.selfPublicUrl) env = { ...env, PUBLIC_URL: `http://127.0.0.1:${port}` };
  // The app connects as the restricted role, as in production (the test setup gives it its password).
  const appPassword = process.env.TEST_PG_APP_PASSWORD ? { DATABASE_APP_PASSWORD: process.env.TEST_PG_APP_PASSWORD } : {};
  const config = validateConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: database.url, ...appPassword, ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await configureApp(app);
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the app did not listen on a TCP port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    app,
    db: app.get(DataSource),
    database,
    baseUrl,
    browser,
    async context(viewport = WIDTHS[1]) {
      const c = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
      c.setDefaultTimeout(15_000);
      contexts.push(c);
      return c;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await app.close();
      await database.drop();
    },
  };
}

/** Signs in through the login form, as a person would, and waits for the first page after it. */
export async function login(page: Page, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/masuk');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/masuk')), page.getByRole('button', { name: 'Masuk' }).click()]);
}

/** A new context at 1366×768 with a signed-in page. */
export async function signedIn(w: WebApp, username: string): Promise<Page> {
  const page = await (await w.context()).newPage();
  await login(page, username);
  return page;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations of the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a script tag would be refused).
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Content wider than the viewport (a table must scroll inside its own box, never the whole page). */
export async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The innermost elements that reach past the right edge of the viewport, to say what makes a page scroll sideways. */
async function widest(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.right <= window.innerWidth + 1) continue;
      if (Array.from(el.children).some((c) => c.getBoundingClientRect().right > window.innerWidth + 1)) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= window.innerWidth + 1) clipped = true;
      if (!clipped) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} right=${Math.round(r.right)}`);
    }
    return out.slice(0, 5);
  });
}

/**
 * The checks every page gets, at 360×740 and at 1366×768: axe-core finds nothing serious or critical, the page does
 * not scroll sideways, and a full-page screenshot is saved as `<name>-<width>.png`. The viewport is restored after.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  const problems: string[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    const violations = await axeViolations(page);
    for (const v of violations) problems.push(`${size.width}px ${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    const overflow = await pageOverflow(page);
    if (overflow > 0) problems.push(`${size.width}px: the page scrolls sideways by ${overflow}px (${(await widest(page)).join('; ')})`);
    await page.screenshot({ path: path.join(SCREENS_DIR, `${name}-${size.width}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
  if (problems.length) throw new Error(`page ${name} (${page.url()}):\n  ${problems.join('\n  ')}`);
}

/** Every Content-Security-Policy violation the page reports, collected from the console. */
export function collectCspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}
