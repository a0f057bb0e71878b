/**
 * `qsize web`: serves the built sizing page (dist/web/index.html, built by scripts/bundle-web.mjs) on
 * 127.0.0.1 and prints its address. The page is one self-contained file that makes no request of its own,
 * so the server answers `/` (and `/index.html`) and nothing else. node:http and the page load only here.
 */
import type { Argv, CommandModule } from 'yargs';
import { numberFlag } from '../flags.js';
import type { Args } from './shared.js';

/** qsize's own choice: beside Qdrant's 6333 (REST), 6334 (gRPC) and 6335 (p2p), and none of them. */
const DEFAULT_PORT = 8333;

// A string checked by numberFlag like every other number flag: yargs's own number type printed `--port abc` as
// "got NaN" and took `--port 0x50` as 80.
export const webOptions = {
  port: { type: 'string', describe: `TCP port on 127.0.0.1 (default ${DEFAULT_PORT}; 0: any free port)`, requiresArg: true, coerce: numberFlag('port', 0, 65_535, true) },
} as const;

export const webCommand: CommandModule<object, Args> = {
  command: 'web',
  describe: 'Serve the sizing page on http://127.0.0.1 (charts, explanations, downloads; no network use)',
  builder: (y: Argv) =>
    y
      .options(webOptions)
      .example('$0 web', 'Open the printed address in a browser')
      .example('$0 web --port 0', 'Any free port') as unknown as Argv<Args>,
  handler: async (argv) => {
    const port = typeof argv['port'] === 'number' ? argv['port'] : DEFAULT_PORT;
    const { serveWebPage } = await import('../web-server.js');
    await serveWebPage(port);
  },
};
