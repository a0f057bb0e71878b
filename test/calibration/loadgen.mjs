// Keeps CONCURRENCY REST searches in flight against a Qdrant server for SECONDS seconds and prints how many completed
// (segment_throughput.py runs it pinned to the CPU the server does not use; Python's clients could not saturate it).
//   node test/calibration/loadgen.mjs URL BODIES.jsonl CONCURRENCY SECONDS [COLLECTION]   (COLLECTION defaults to c)
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [url, file, concurrency, seconds, collection = 'c'] = process.argv.slice(2);
const bodies = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => Buffer.from(l));
const { hostname, port } = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const stop = Date.now() + Number(seconds) * 1000;
let done = 0;
let failed = 0;

function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname, port, path: `/collections/${collection}/points/query`, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function worker(k) {
  for (let i = k; Date.now() < stop; i += Number(concurrency)) {
    try {
      await post(bodies[i % bodies.length]);
      done++;
    } catch {
      failed++;
    }
  }
}

const t0 = Date.now();
await Promise.all(Array.from({ length: Number(concurrency) }, (_, k) => worker(k)));
console.log(JSON.stringify({ done, failed, seconds: (Date.now() - t0) / 1000 }));
agent.destroy();
