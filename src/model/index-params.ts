/**
 * Payload index params older than the version gates of src/spec/payload-index.ts (memory, nested, scoring, the code
 * tokenizer), with the first minor that has each (Qdrant's `lib/segment/src/data_types/index.rs` at the tags: v1.14.0
 * has none of these; stopwords, stemmer and phrase_matching appear at v1.15.0, ascii_folding at v1.16.0, enable_hnsw at
 * v1.17.0, the keyword index's prefix at v1.19.0). The workload accepts every version's params (src/spec/payload-index.ts);
 * the model checks the workload's version against this list once (src/model/resolve.ts, checkIndexParams), before
 * anything is estimated or emitted.
 */
import type { PayloadFieldType } from '../spec/payload-index.js';

export const INDEX_PARAMS_SINCE: readonly { type: PayloadFieldType | 'any'; param: string; minor: number; what: string }[] = [
  { type: 'text', param: 'stopwords', minor: 15, what: 'stopwords on a text index' },
  { type: 'text', param: 'stemmer', minor: 15, what: 'a stemmer on a text index' },
  { type: 'text', param: 'phrase_matching', minor: 15, what: 'phrase matching on a text index' },
  { type: 'text', param: 'ascii_folding', minor: 16, what: 'ASCII folding on a text index' },
  { type: 'any', param: 'enable_hnsw', minor: 17, what: 'enable_hnsw on a payload index' },
  { type: 'keyword', param: 'prefix', minor: 19, what: 'prefix matching on a keyword index' },
];
