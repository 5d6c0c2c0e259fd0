import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// s3rver ships no type declarations; this is the part of it the tests use.
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;

export interface TestS3 {
  endpoint: string;
  bucket: string;
  directory: string;
  close(): Promise<void>;
}

/** An S3-protocol server on a random port of 127.0.0.1, its objects in a temporary folder, with one bucket. */
export async function startTestS3(bucket = 'evidence'): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    directory,
    close: async () => {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
