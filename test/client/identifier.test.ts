// The generator prompts accept exactly the names the server's generators accept: C identifiers of at most 64 characters.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { validateIdentifier } from '../../client/src/identifier';
import { isIdentifier } from '../../server/src/generate/generator-types';

it('accepts C identifiers and explains what is wrong with anything else', () => {
  for (const good of ['Poll', '_x', 'Irq2', 'a'.repeat(64), ' Poll ']) assert.equal(validateIdentifier(good), undefined, good);
  assert.equal(validateIdentifier(''), 'Type a name.');
  assert.equal(validateIdentifier('   '), 'Type a name.');
  assert.equal(validateIdentifier('2fast'), "'2fast' is not a C identifier (letters, digits and _, not starting with a digit).");
  assert.equal(validateIdentifier('Poll Fast'), "'Poll Fast' is not a C identifier (letters, digits and _, not starting with a digit).");
  assert.equal(validateIdentifier('Pöll'), "'Pöll' is not a C identifier (letters, digits and _, not starting with a digit).");
  assert.equal(validateIdentifier('a'.repeat(65)), 'Use at most 64 characters.');
});

it('agrees with the server on every name', () => {
  for (const name of ['Poll', '_x', '2fast', 'Poll Fast', 'a'.repeat(64), 'a'.repeat(65), 'x-y', '']) assert.equal(validateIdentifier(name) === undefined, isIdentifier(name), name);
});
