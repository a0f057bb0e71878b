/**
 * The refusal of a version names the range the parser takes: 1.12.0 up to any 1.20 patch. 1.20.5 is planned (with the
 * warning that qsize does not know that release), so a message saying "1.12.0 to 1.20.0" refused a range narrower than
 * the one accepted (audit35: `--qdrant-version 1.11` read "from 1.12.0 to 1.20.0" while `--qdrant-version 1.20.5` ran).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, qsize } from './run.js';

beforeAll(() => ensureBuilt(), 180_000);

describe('--qdrant-version outside the range', () => {
  it('1.21.0 is refused, exit 2, naming the flag, the value and 1.12.0 to 1.20.x', () => {
    const r = qsize(['--vectors', '1M', '--dim', '768', '--qdrant-version', '1.21.0', '-o', 'json']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('qsize: --qdrant-version: got "1.21.0", expected a Qdrant version from 1.12.0 to 1.20.x (e.g. 1.20.0 or 1.15)');
  });

  it('1.20.5, inside that range, is planned as 1.20.5 with the unknown-release warning, exit 0', () => {
    const r = qsize(['--vectors', '1M', '--dim', '768', '--qdrant-version', '1.20.5', '-o', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).plan.qdrantVersion).toBe('1.20.5');
    expect(r.stderr).toContain('Qdrant 1.20.5 is not a release qsize knows of');
  });
});
