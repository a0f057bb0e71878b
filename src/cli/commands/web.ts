/**
 * `qsize web`: serves the built sizing page (dist/web/index.html, built by scripts/bundle-web.mjs) on
 * 127.0.0.1 and prints its address. The page is one self-contained file that makes no request of its own,
 * so the server answers `/` (and `/index.html`) and nothing else. node:http and the page load only here.
 */
import type { Argv, CommandModule } from 'yargs';
import { QsizeInputError } from '../../errors.js';
import type { Args } from './shared.js';

export const webOptions = {
  port: { type: 'number', default: 8333, describe: 'TCP port on 127.0.0.1 (0: any free port)', requiresArg: true },
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
    const port = Number(argv['port']);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new QsizeInputError('--port', argv['port'], 'a TCP port from 0 to 65535');
    const { serveWebPage } = await import('../web-server.js');
    await serveWebPage(port);
  },
};
