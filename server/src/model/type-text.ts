// Normalises C++ type spellings so that declarations can be compared regardless of spacing.

/** `OSAction  *` → `OSAction*`; `const  uint16_t x [ 32 ]` → `const uint16_t x[32]`. */
export function normalizeTypeText(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n\r]*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*([*&\[\](),<>:])\s*/g, '$1')
    .trim();
}
