// The iig annotation macros (xnu OSObject.iig) and which of them take an argument.

/** Annotations written as a bare word. */
export const BARE_ANNOTATIONS: ReadonlySet<string> = new Set([
  'KERNEL',
  'NATIVE',
  'LOCAL',
  'LOCALONLY',
  'REMOTE',
  'LOCALHOST',
  'INVOKEREPLY',
  'REPLY',
  'TARGET',
  'PORTMAKESEND',
  'PORTCOPYSEND',
  'IIG_SERIALIZABLE',
  'IIG_CONCRETE',
]);

/** Annotations written as `NAME(argument)`. */
export const PARAMETERISED_ANNOTATIONS: ReadonlySet<string> = new Set(['TYPE', 'QUEUENAME', 'EXTENDS']);

export function isAnnotationName(word: string): boolean {
  return BARE_ANNOTATIONS.has(word) || PARAMETERISED_ANNOTATIONS.has(word);
}
