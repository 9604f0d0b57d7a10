/** Schema helpers for the API's named OpenAPI components (`.meta({ id })`), whatever feature owns them. */
import { z } from 'zod';

/**
 * `schema` or null. Use it, not `.nullable()`, on a named component (`.meta({ id })`):
 * zod-to-openapi makes the component itself nullable, or drops the null, depending on which use
 * of it the generator meets first. Likewise keep `.describe()` off a named component where it is
 * used (the generator then copies the component inline instead of referring to it).
 */
export function orNull<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null()]);
}
