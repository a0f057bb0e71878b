/** `qsize --vectors 100M --dim 768`: the quote (topology, resources, cost, checks, alternatives). */
import type { Argv, CommandModule } from 'yargs';
import { constraintOptions, outputOption, workloadOptions } from '../flags.js';
import { emitResult, withInputs, type Args } from './shared.js';
import type { LocalCurrency } from '../render/plan.js';
import type { Recommendation } from '../../plan/types.js';
import { QsizeInputError } from '../../errors.js';

/** `--currency CODE`: checks the code against the rate table (bad input names the flag), then converts a quote's bill. */
async function localCurrency(code: string): Promise<(r: Recommendation) => LocalCurrency> {
  const { convertBill, currencyRate, formatMoney, roundMoney, CurrencyError } = await import('../../pricing/quote.js');
  let rate;
  try {
    rate = currencyRate(code);
  } catch (error) {
    if (error instanceof CurrencyError) throw new QsizeInputError('--currency', code, `a currency of data/catalogs/currency-rates.csv: ${error.known.join(', ')}`);
    throw error;
  }
  const c = rate.currency;
  return (r) => ({
    bill: convertBill(r.plan.cost.lineItems.map((l) => l.monthlyUsd), r.plan.cost.monthlyUsd, c),
    convert: (usd) => roundMoney(usd * rate.unitsPerUsd, c),
    format: (amount) => formatMoney(amount, c),
  });
}

export const reportCommand: CommandModule<object, Args> = {
  command: '$0',
  describe: 'Recommend a topology for the workload and price it (the default command)',
  builder: (y: Argv) =>
    y
      .options({
        ...workloadOptions,
        ...constraintOptions,
        ...outputOption,
        currency: {
          type: 'string',
          describe: 'Show the quote in this currency (AED, SAR, EUR, GBP, INR, JPY, SGD, AUD, CAD, CHF, ...) at the dated rate of data/catalogs/currency-rates.csv; JSON keeps USD and adds the converted figures',
          requiresArg: true,
        },
      })
      .example('$0 --vectors 100M --dim 768', 'What do I need for 100M 768-d vectors, and what will it cost?')
      .example('$0 --vectors 1B --dim 1536 --quantization binary-1.5 --on-disk', 'A billion vectors with binary quantization, originals on disk')
      .example('$0 --vectors 50M --dim 1024 --cloud gcp --replication 3 --qps 2k', 'On GCP, three copies, 2,000 searches per second')
      .example('$0 --spec plan.yaml --output json', 'Replay a kept spec file; versioned JSON on stdout')
      .example('$0 --vectors 10M --dim 768 --region me-central1 --currency AED', 'In GCP me-central1 (Doha), priced in UAE dirham') as unknown as Argv<Args>,
  handler: async (argv) => {
    const { recommend } = await import('../../plan/recommend.js');
    const { recommendationResult } = await import('../render/plan.js');
    const { cliPlanCatalogFor } = await import('../catalogs.js');
    const currency = typeof argv['currency'] === 'string' ? argv['currency'] : undefined;
    const local = currency === undefined ? undefined : await localCurrency(currency);
    const r = await withInputs(argv, (workload, constraints) => recommend(workload as never, constraints as never, { catalog: cliPlanCatalogFor(constraints) }));
    await emitResult(argv, recommendationResult(r, local?.(r)), r.warnings);
  },
};
