/**
 * The defects session 31's audit found and left: what a user (or a library caller) did, what qsize did, and what it
 * should give, worked out by hand from the inputs and the rule's source (never the code's own output pasted in).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CurrencyError, formatMoney, roundMoney } from '../../src/index.js';
import { qsizeInProcess as qsize } from './in-process.js';

// The first column of data/catalogs/currency-rates.csv, read as text: the currencies qsize has a rate for.
const RATE_TABLE_CODES = readFileSync(new URL('../../data/catalogs/currency-rates.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',')[0]);

describe("the library's formatMoney and roundMoney refuse a currency qsize has no rate for, as --currency does", () => {
  it("formatMoney(10, 'ZZZ') throws a CurrencyError naming ZZZ and the rate table's codes (it printed 'ZZZ 10.00')", () => {
    expect(RATE_TABLE_CODES).toEqual(['USD', 'EUR', 'GBP', 'INR', 'JPY', 'SGD', 'AUD', 'CAD', 'CHF', 'AED', 'SAR']);
    let caught: unknown;
    try {
      formatMoney(10, 'ZZZ');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CurrencyError);
    expect((caught as CurrencyError).message).toBe('unknown currency "ZZZ"; expected one of USD, EUR, GBP, INR, JPY, SGD, AUD, CAD, CHF, AED, SAR');
    expect((caught as CurrencyError).value).toBe('ZZZ');
    expect((caught as CurrencyError).known).toEqual(RATE_TABLE_CODES);
  });

  it('the CLI lists the same codes for --currency ZZZ (one list: the rate table)', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '768', '--currency', 'ZZZ']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--currency: got "ZZZ", expected a currency of data/catalogs/currency-rates.csv: ${RATE_TABLE_CODES.join(', ')}`);
  });

  it("roundMoney(1.005, 'ZZZ') is refused the same way; a known code in any case still formats (10 AED = 'AED 10.00', 1234.5 JPY = '¥1,235')", () => {
    expect(() => roundMoney(1.005, 'ZZZ')).toThrow(CurrencyError);
    // en-US writes a currency code with a no-break space; the yen has no minor unit, so 1234.5 rounds half up to 1,235.
    expect(formatMoney(10, 'aed')).toBe('AED\u00a010.00');
    expect(formatMoney(1234.5, 'JPY')).toBe('¥1,235');
    expect(roundMoney(2.675, 'USD')).toBe(2.68);
  });
});
