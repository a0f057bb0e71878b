/** Bytes of a string in UTF-8 (what Qdrant's serializers write for it); TextEncoder, so the browser build has it too. */
const encoder = new TextEncoder();
export const utf8Bytes = (s: string): number => encoder.encode(s).length;
