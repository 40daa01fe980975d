// Checks the names typed into the generator prompts (kept free of `vscode` so that it is testable in plain Node).

/** Undefined for a usable C identifier; otherwise the message the input box shows under the field. */
export function validateIdentifier(value: string): string | undefined {
  const name = value.trim();
  if (name === '') return 'Type a name.';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `'${name}' is not a C identifier (letters, digits and _, not starting with a digit).`;
  if (name.length > 64) return 'Use at most 64 characters.';
  return undefined;
}
