import 'reflect-metadata';

// `npm run bench -- regions spending reports web audit abuse books flags` (no names: all of them, in that order).
// require, not import(): under ts-node a dynamic import() would bypass the TypeScript compiler.
const BENCHES: Record<string, () => { run: () => Promise<void> }> = {
  regions: () => require('./regions.bench'),
  spending: () => require('./spending.bench'),
  reports: () => require('./reports.bench'),
  web: () => require('./web.bench'),
  audit: () => require('./audit.bench'),
  abuse: () => require('./abuse.bench'),
  books: () => require('./books.bench'),
  flags: () => require('./flags.bench'),
};

async function main(names: string[]): Promise<void> {
  const selected = names.length ? names : Object.keys(BENCHES);
  for (const name of selected) {
    const load = BENCHES[name];
    if (!load) throw new Error(`Benchmark tidak dikenal: ${name} (pilihan: ${Object.keys(BENCHES).join(', ')})`);
    console.log(`\n=== bench: ${name} ===`);
    await load().run();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
