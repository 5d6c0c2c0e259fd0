import { buildKelurahanRealisasiModel } from '../model/realisasi-report.model';
import { kelurahanInput, KELURAHAN_LINES } from '../model/report.fixtures';
import { joinModel, splitModel, workerHeapMb } from './render-in-worker';

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
