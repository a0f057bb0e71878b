/**
 * Imported first by main.ts, before any module that builds a zod schema. zod 4 compiles a fast parser for each object
 * schema with `new Function`, after probing once whether eval is allowed. The page's Content-Security-Policy forbids
 * eval ('unsafe-eval' is not in script-src, web/index.html), so the probe throws and zod falls back to its
 * interpreter. The throw is caught, but Firefox still reports it as a CSP violation on every load: an error in the
 * console of a page opened in front of a customer. `jitless` skips the probe and the compiler
 * (zod@4.6.7 v4/core/util.js `allowsEval`, whose comment says as much); the parsers are zod's interpreted ones, which
 * is what the page ran already.
 */
import { config } from 'zod';

config({ jitless: true });
