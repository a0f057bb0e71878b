/**
 * The quote exactly as the default command prints it (`qsize -o markdown`, `-o csv`, ...), as a string, for
 * front ends that offer it as a download (the web page): one renderer, so the two cannot drift apart.
 */
import type { Recommendation } from '../../plan/types.js';
import type { OutputFormat } from '../flags.js';
import { formatResult } from '../output.js';
import { recommendationResult } from './plan.js';

export function renderQuote(r: Recommendation, format: OutputFormat): Promise<string> {
  return formatResult(format, recommendationResult(r));
}
