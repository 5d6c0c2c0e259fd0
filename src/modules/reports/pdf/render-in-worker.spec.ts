import { buildKelurahanRealisasiModel } from '../model/realisasi-report.model';
import { kelurahanInput, KELURAHAN_LINES } from '../model/report.fixtures';
import { joinModel, splitModel, workerHeapMb } from './render-in-worker';
import { blockSink, joinBlocks } from './report-renderer';

describe('the render worker’s request', () => {
  it('sends a model of thousands of lines as a small skeleton and slices, and joins it back equal', () => {
    const lines = Array.from({ length: 2_345 }, (_, i) => ({ ...KELURAHAN_LINES[i % 4], lineId: i + 1, description: `Rincian ${i + 1}` }));
    const model = buildKelurahanRealisasiModel(kelurahanInput({ lines }));
    const arrays: unknown[][] = [];
    const skeleton = splitModel(model, arrays);
    // Only the long tables travel apart; what is left is a few kilobytes.
    expect(arrays.map((a) => a.length).sort((a, b) => b - a)[0]).toBeGreaterThan(500);
    expect(JSON.stringify(skeleton).length).toBeLessThan(JSON.stringify(model).length / 20);
    // The worker receives each array as slices (structured clones) and rebuilds them.
    const received = arrays.map((a) => structuredClone(a));
    expect(joinModel(structuredClone(skeleton), received)).toEqual(model);
  });

  it('caps a worker’s heap at 56 MB up to a ~1,000-page report and more for longer ones', () => {
    expect(workerHeapMb(20)).toBe(56);
    expect(workerHeapMb(16_500)).toBe(56);
    expect(workerHeapMb(27_000)).toBe(98);
    expect(workerHeapMb(10_000_000)).toBe(2048);
  });
});

describe('the PDF output in blocks', () => {
  it('copies chunks into full blocks, hands on a short last block, and joins them to the same bytes', async () => {
    const blocks: Buffer[] = [];
    const out = blockSink((b) => blocks.push(b), 8);
    // Chunks that are views into a larger buffer, as zlib's and Node's pooled ones are.
    const source = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
    const backing = Buffer.concat([Buffer.alloc(100), source, Buffer.alloc(100)]);
    const view = backing.subarray(100, 100 + source.length);
    for (const [a, b] of [[0, 3], [3, 11], [11, 12], [12, 30], [30, 36]]) {
      await new Promise<void>((resolve, reject) => out.write(view.subarray(a, b), (err) => (err ? reject(err) : resolve())));
    }
    await new Promise<void>((resolve) => out.end(resolve));
    expect(blocks.map((b) => b.length)).toEqual([8, 8, 8, 8, 4]);
    // Each block has a buffer of its own, never the chunk's backing buffer (which would keep it alive).
    for (const b of blocks) expect(b.buffer).not.toBe(backing.buffer);
    expect(new Set(blocks.map((b) => b.buffer)).size).toBe(5);
    const joined = joinBlocks(blocks);
    expect(joined.toString()).toBe(source.toString());
    expect(joined.byteOffset).toBe(0);
    expect(joined.buffer.byteLength).toBe(source.length);
    expect(blocks).toEqual([]);
  });
});
