/** `qsize emit --target helm --out DIR`: writes the deployment files for the recommended plan. */
import type { Argv, CommandModule } from 'yargs';
import { constraintOptions, outputOption, workloadOptions } from '../flags.js';
import type { Args } from './shared.js';

export const TARGETS = ['helm', 'operator', 'kubeblocks', 'collection', 'networkpolicy', 'all'] as const;
export type Target = (typeof TARGETS)[number];

export const emitOptions = {
  target: { choices: TARGETS, default: 'all' as Target, describe: 'Which files to write', requiresArg: true },
  out: { type: 'string', demandOption: true, describe: 'Directory to write into (created if missing)', requiresArg: true },
  force: { type: 'boolean', default: false, describe: 'Replace the files qsize wrote there before (listed in .qsize-manifest.json)' },
  namespace: { type: 'string', describe: 'Kubernetes namespace (default qdrant)', requiresArg: true },
  name: { type: 'string', describe: 'Helm release / cluster name (default qdrant)', requiresArg: true },
  'cluster-id': { type: 'string', describe: 'QdrantCluster id (default qsize)', requiresArg: true },
  'customer-id': { type: 'string', describe: 'QdrantCluster customer-id label (the operator file needs it)', requiresArg: true },
  collection: { type: 'string', describe: 'Collection name (default collection)', requiresArg: true },
  'storage-class': { type: 'string', describe: 'StorageClass for the volumes', requiresArg: true },
  'api-key-secret': { type: 'string', describe: 'Secret holding the API key, as NAME/KEY (never the key itself)', requiresArg: true },
  'tls-secret': { type: 'string', describe: 'Secret holding tls.crt, tls.key and ca.crt (turns TLS on)', requiresArg: true },
  'allow-from-namespace': { type: 'string', array: true, describe: 'Namespace whose pods may reach 6333/6334 (repeatable; default the --namespace)', requiresArg: true },
  'metrics-namespace': { type: 'string', array: true, describe: 'Namespace whose pods may scrape /metrics on 6333, e.g. monitoring (repeatable)', requiresArg: true },
  'kubeblocks-namespace': { type: 'string', describe: 'Namespace of the KubeBlocks controller, admitted to the kbagent port 3501 (default kb-system)', requiresArg: true },
} as const;

export const emitCommand: CommandModule<object, Args> = {
  command: 'emit',
  describe: 'Write the deployment files (Helm values, QdrantCluster, KubeBlocks, collection request, NetworkPolicy)',
  builder: (y: Argv) =>
    y
      .options({ ...emitOptions, ...workloadOptions, ...constraintOptions, ...outputOption })
      .example('$0 emit --vectors 100M --dim 768 --target helm --out deploy/', 'Helm values for the recommended plan')
      .example('$0 emit --spec plan.yaml --target all --out deploy/ --customer-id acme --force', 'Every file, replacing what is there') as unknown as Argv<Args>,
  handler: async (argv) => {
    const { runEmit } = await import('../render/emit.js');
    await runEmit(argv);
  },
};
