// Normalises C++ type spellings so that declarations can be compared regardless of spacing.

const HAS_SPACE_OR_SLASH = /[\s/]/;

/** `OSAction  *` → `OSAction*`; `const  uint16_t x [ 32 ]` → `const uint16_t x[32]`. */
export function normalizeTypeText(text: string): string {
  // Most type texts are one token (`uint32_t`, `IOService*`): without a space or a slash there is nothing to do.
  if (!HAS_SPACE_OR_SLASH.test(text)) return text;
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n\r]*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*([*&\[\](),<>:])\s*/g, '$1')
    .trim();
}
