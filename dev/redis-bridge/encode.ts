/**
 * Turns a raw Redis reply (as ioredis hands it over in buffer mode, RESP2)
 * into the JSON value the Upstash REST API would put under `result`.
 *
 * Upstash rules (docs: redis/features/restapi, "Base64 Encoded Responses"):
 * - integers stay JSON numbers, nil stays null, arrays are encoded element-wise;
 * - strings (bulk and status replies alike) are UTF-8 text, invalid bytes
 *   replaced by U+FFFD;
 * - with `Upstash-Encoding: base64` every string is base64 of its raw bytes,
 *   except a top-level "OK" reply, which is sent as plain "OK". (The client
 *   decodes a top-level "OK" as is and base64-decodes every other string,
 *   including strings nested in arrays.)
 */

export type JsonResult = null | number | string | JsonResult[];

const OK = Buffer.from('OK');

export function encodeResult(reply: unknown, base64: boolean): JsonResult {
  if (base64 && Buffer.isBuffer(reply) && reply.equals(OK)) return 'OK';
  if (base64 && reply === 'OK') return 'OK';
  return encodeValue(reply, base64);
}

function encodeValue(reply: unknown, base64: boolean): JsonResult {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === 'number') return Number.isFinite(reply) ? reply : String(reply);
  // 64-bit integers past 2^53 would lose precision either way once JSON-parsed.
  if (typeof reply === 'bigint') return Number(reply);
  if (typeof reply === 'boolean') return reply ? 1 : 0;
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString('base64') : reply.toString('utf8');
  if (typeof reply === 'string') {
    return base64 ? Buffer.from(reply, 'utf8').toString('base64') : reply;
  }
  if (Array.isArray(reply)) return reply.map((v) => encodeValue(v, base64));
  // An error nested in an array (e.g. a Lua table holding {err=...}): its message.
  if (reply instanceof Error) return encodeValue(reply.message, base64);
  return encodeValue(String(reply), base64);
}
