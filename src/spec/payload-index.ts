/**
 * The `field_schema` of a payload index (`PUT /collections/{name}/index`, schema `PayloadFieldSchema`): a bare type, or
 * `{ type, ...params }` with the params of that type, each type's params a closed object. Written once, with gates by
 * version, and used twice: the workload accepts every param of every known version (all gates open; the model then
 * refuses a param the workload's version does not have, naming the field: src/model/resolve.ts), and the emitter's
 * mirror of Qdrant's request closes the gates the target version lacks (src/emit/schemas/collection.ts).
 *
 * Source: the REST models of the published Python clients (qdrant-client 1.19.0 and 1.20.0 on PyPI,
 * qdrant_client/http/models/models.py, generated from the server's OpenAPI), derived into
 * test/emit/upstream/qdrant-openapi/create-field-index.v1.19.0.json and .v1.20.0.json (README.md there).
 * 1.20 adds `nested` to every type, `scoring` to `text` and the `code` tokenizer.
 */
import { z } from 'zod';

export const PAYLOAD_FIELD_TYPES = ['keyword', 'integer', 'float', 'bool', 'geo', 'datetime', 'text', 'uuid'] as const;
export type PayloadFieldType = (typeof PAYLOAD_FIELD_TYPES)[number];

/** Which version-dependent params exist (true = accepted). */
export interface PayloadIndexGates {
  /** `memory: cold | cached | pinned` on an index (1.19). */
  memory: boolean;
  /** `nested: "<array field>"`: index each element of an array of objects as its own entry (1.20). */
  nested: boolean;
  /** `text` index `scoring`: `true`, `false` or `{ type: "bm25" }` (1.20). */
  scoring: boolean;
  /** `text` index `tokenizer: "code"` (1.20). */
  codeTokenizer: boolean;
}

export const ALL_PAYLOAD_INDEX_GATES: PayloadIndexGates = { memory: true, nested: true, scoring: true, codeTokenizer: true };

/* Params older than the gates above (stopwords, stemmer, ...) and the minor that has each: INDEX_PARAMS_SINCE in
 * src/model/index-params.ts, checked by the model (src/model/resolve.ts, checkIndexParams). */

/** Stopword languages (`Language`) and Snowball stemmer languages (`SnowballLanguage`), the same in 1.19.0 and 1.20.0. */
const STOPWORD_LANGUAGES = [
  'arabic', 'azerbaijani', 'basque', 'bengali', 'catalan', 'chinese', 'danish', 'dutch', 'english', 'finnish', 'french', 'german', 'greek', 'hebrew',
  'hinglish', 'hungarian', 'indonesian', 'italian', 'japanese', 'kazakh', 'nepali', 'norwegian', 'portuguese', 'romanian', 'russian', 'slovene',
  'spanish', 'swedish', 'tajik', 'turkish',
] as const;
const SNOWBALL_LANGUAGES = [
  'arabic', 'armenian', 'danish', 'dutch', 'english', 'finnish', 'french', 'german', 'greek', 'hungarian', 'italian', 'norwegian', 'portuguese',
  'romanian', 'russian', 'spanish', 'swedish', 'tamil', 'turkish',
] as const;

/** A param the version lacks: refused with the version's name in the message. */
const gated = <T extends z.ZodType>(open: boolean, schema: T, what: string) =>
  open ? schema.nullish() : z.never({ error: `${what} does not exist in this Qdrant version` }).nullish();

/** The `field_schema` union for the given gates. */
export function payloadFieldSchema(g: PayloadIndexGates) {
  const common = {
    on_disk: z.boolean().nullish().describe('Deprecated: use memory. Index on disk (mmap) instead of RAM'),
    memory: gated(g.memory, z.enum(['cold', 'cached', 'pinned']), '`memory` on a payload index (Qdrant 1.19+)').describe(
      'Memory tier of the index: pinned (default), cached, cold',
    ),
    enable_hnsw: z.boolean().nullish().describe('Build the payload sub-graph (HNSW links) for this field; needs payload_m > 0. Default true'),
    nested: gated(g.nested, z.string().min(1).max(1024), '`nested` (Qdrant 1.20+)').describe(
      'Qdrant 1.20: the array of objects whose elements are indexed one by one (`offers` for `offers[].title`)',
    ),
  };
  const params = <T extends PayloadFieldType, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...common, ...shape });
  const tokenizers = g.codeTokenizer ? (['prefix', 'whitespace', 'word', 'multilingual', 'code'] as const) : (['prefix', 'whitespace', 'word', 'multilingual'] as const);
  const Params = z.discriminatedUnion('type', [
    params('keyword', { is_tenant: z.boolean().nullish(), prefix: z.boolean().nullish() }),
    params('integer', { lookup: z.boolean().nullish(), range: z.boolean().nullish(), is_principal: z.boolean().nullish() }),
    params('float', { is_principal: z.boolean().nullish() }),
    params('bool', {}),
    params('geo', {}),
    params('datetime', { is_principal: z.boolean().nullish() }),
    params('uuid', { is_tenant: z.boolean().nullish() }),
    params('text', {
      tokenizer: z.enum(tokenizers).nullish(),
      min_token_len: z.number().int().min(0).nullish(),
      max_token_len: z.number().int().min(0).nullish(),
      lowercase: z.boolean().nullish(),
      ascii_folding: z.boolean().nullish(),
      phrase_matching: z.boolean().nullish(),
      stopwords: z
        .union(
          [
            z.enum(STOPWORD_LANGUAGES),
            z.strictObject({ languages: z.array(z.enum(STOPWORD_LANGUAGES)).nullish(), custom: z.array(z.string()).nullish() }),
          ],
          { error: `expected one of ${STOPWORD_LANGUAGES.map((l) => JSON.stringify(l)).join('|')} or {"languages": [<those>], "custom": [<words>]}` },
        )
        .nullish(),
      // The two shapes say what they take (src/spec/issues.ts reports such a union whole, with the value written there).
      stemmer: z
        .discriminatedUnion('type', [z.strictObject({ type: z.literal('snowball'), language: z.enum(SNOWBALL_LANGUAGES) }), z.strictObject({ type: z.literal('none') })], {
          error: 'expected {"type": "snowball", "language": "<a Snowball language: english, german, ...>"} or {"type": "none"}',
        })
        .nullish(),
      scoring: gated(g.scoring, z.union([z.boolean(), z.strictObject({ type: z.literal('bm25') })], { error: 'expected true, false or {"type": "bm25"}' }), '`scoring` (BM25, Qdrant 1.20+)').describe(
        'Qdrant 1.20: rank by BM25 over this field (the index also records each document\'s length)',
      ),
    }),
  ]);
  return z.union([z.enum(PAYLOAD_FIELD_TYPES), Params]);
}
