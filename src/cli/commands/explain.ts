/** `qsize explain`: every number with its formula, the substituted inputs and the source. */
import type { Argv, CommandModule } from 'yargs';
import { outputOption, workloadOptions } from '../flags.js';
import { emitResult, withInputs, type Args } from './shared.js';

export const explainFlags = {
  ...workloadOptions,
  ...outputOption,
  vs: { type: 'string', describe: 'A second Qdrant version: show what moving from --qdrant-version to it changes, line item by line item', requiresArg: true },
} as const;

export const explainCommand: CommandModule<object, Args> = {
  command: 'explain',
  describe: 'Show every number with its formula, substituted inputs and upstream source',
  builder: (y: Argv) =>
    y
      .options(explainFlags)
      .example('$0 explain --vectors 10M --dim 768 --qdrant-version 1.19.2 --vs 1.20.0', 'What does the upgrade change?')
      .example('$0 explain --vectors 10M --dim 768 --quantization scalar', 'Why does scalar quantization need this much RAM?')
      .example('$0 explain --spec plan.yaml --output csv', 'Every line item with its formula, as CSV') as unknown as Argv<Args>,
  handler: async (argv) => {
    const { estimate } = await import('../../model/estimate.js');
    const { explainResult } = await import('../render/estimate.js');
    if (argv['vs'] !== undefined) {
      const { diffEstimates } = await import('../../model/version-diff.js');
      const { parseVersion, KNOWN_VERSIONS, LATEST_VERSION } = await import('../../model/versions.js');
      const { QsizeInputError, QsizeValidationError } = await import('../../errors.js');
      if (parseVersion(String(argv['vs'])) === null) {
        throw new QsizeInputError('--vs', argv['vs'], `a Qdrant version from ${KNOWN_VERSIONS[0]} to ${LATEST_VERSION}`);
      }
      const { versionDiffResult } = await import('../render/estimate.js');
      const vs = String(argv['vs']);
      const [a, b] = await withInputs(argv, (workload) => {
        const first = estimate(workload as never);
        try {
          return [first, estimate({ ...workload, qdrantVersion: vs } as never)] as const;
        } catch (error) {
          // A setting only --qdrant-version has read "this workload is 1.19.2" as if the user had asked for it there.
          const at = `at --vs ${vs}, the version compared with ${first.qdrantVersion}, which takes it`;
          // Several such settings are refused together (src/model/resolve.ts): each says so.
          if (error instanceof QsizeValidationError) {
            throw new QsizeValidationError(error.issues.map((i) => ({ ...i, message: `${i.message} (${at})`, ...(i.expected !== undefined ? { expected: `${i.expected} (${at})` } : {}) })));
          }
          if (!(error instanceof QsizeInputError)) throw error;
          throw new QsizeInputError(error.field, error.value, error.expected, error.hint ? `${error.hint}; ${at}` : at);
        }
      });
      // The same version on both sides compares nothing: said, not silently printed as a diff of zeros (audit36).
      const same = a.qdrantVersion === b.qdrantVersion ? [`--vs ${vs} is the workload's own version (${a.qdrantVersion}): nothing changes; give --qdrant-version for the version you run now`] : [];
      await emitResult(argv, versionDiffResult(diffEstimates(a, b)), [...new Set([...same, ...a.warnings, ...b.warnings])]);
      return;
    }
    const e = await withInputs(argv, (workload) => estimate(workload as never));
    await emitResult(argv, explainResult(e), e.warnings);
  },
};
