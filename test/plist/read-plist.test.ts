// The plist reader: a typed tree whose key and value ranges are exact document offsets, whatever the line ends,
// characters, comments, CDATA or entities; malformed input never throws and is marked as such.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asArray, asDict, entryOf, hasBuildSetting, stringAt } from '../../server/src/plist/plist-access';
import { readPlist } from '../../server/src/plist/read-plist';
import type { PlistDict, PlistRange } from '../../server/src/plist/plist-value';

const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n';

const textAt = (text: string, range: PlistRange): string => text.slice(range.start, range.end);

function rootDict(text: string): PlistDict {
  const doc = readPlist(text);
  assert.equal(doc.wellFormed, true);
  const root = asDict(doc.root);
  assert.ok(root, 'the root is a dictionary');
  return root;
}

describe('readPlist', () => {
  it('reads every value type with key and value ranges', () => {
    const text = `${HEADER}<plist version="1.0">\n<dict>\n\t<key>Name</key>\n\t<string>Dext</string>\n\t<key>Count</key>\n\t<integer>0x1F</integer>\n\t<key>On</key>\n\t<true/>\n\t<key>Off</key>\n\t<false/>\n\t<key>List</key>\n\t<array><real>1.5</real><date>2024-01-01T00:00:00Z</date><data>AAE=</data></array>\n</dict>\n</plist>\n`;
    const root = rootDict(text);
    assert.deepEqual(root.entries.map((e) => e.key), ['Name', 'Count', 'On', 'Off', 'List']);
    const name = entryOf(root, 'Name');
    assert.ok(name?.value?.kind === 'string');
    assert.equal(textAt(text, name.keyRange), 'Name');
    assert.equal(textAt(text, name.keyElementRange), '<key>Name</key>');
    assert.equal(textAt(text, name.value.range), '<string>Dext</string>');
    assert.equal(textAt(text, name.value.contentRange), 'Dext');
    const count = entryOf(root, 'Count')?.value;
    assert.ok(count?.kind === 'integer');
    assert.equal(count.value, 31);
    const on = entryOf(root, 'On')?.value;
    assert.ok(on?.kind === 'boolean' && on.value);
    assert.equal(textAt(text, on.range), '<true/>');
    assert.deepEqual(on.contentRange, { start: on.range.end, end: on.range.end });
    assert.deepEqual(asArray(entryOf(root, 'List')?.value)?.items.map((i) => i.kind), ['real', 'date', 'data']);
  });

  it('keeps offsets exact across CRLF line ends, which XML normalises inside values', () => {
    const text = `${HEADER}<plist version="1.0">\r\n<dict>\r\n\t<key>IOClass</key>\r\n\t<string>two\r\nlines</string>\r\n</dict>\r\n</plist>\r\n`.replace(/\n/g, '\r\n').replace(/\r\r\n/g, '\r\n');
    const root = rootDict(text);
    const entry = entryOf(root, 'IOClass');
    assert.ok(entry);
    assert.equal(textAt(text, entry.keyRange), 'IOClass');
    assert.equal(entry.keyRange.start, text.indexOf('IOClass'));
    assert.equal(stringAt(root, 'IOClass'), 'two\nlines');
    assert.equal(textAt(text, entry.value?.contentRange ?? { start: 0, end: 0 }), 'two\r\nlines');
  });

  it('counts UTF-16 code units after non-ASCII and astral characters', () => {
    const text = '<plist><dict><key>Beschreibung 中文 😀</key><string>é😀</string><key>After</key><string>x</string></dict></plist>';
    const root = rootDict(text);
    const after = entryOf(root, 'After');
    assert.ok(after);
    assert.equal(after.keyRange.start, text.indexOf('After'));
    assert.equal(stringAt(root, 'Beschreibung 中文 😀'), 'é😀');
  });

  it('skips comments, joins CDATA and decodes entities while ranges cover the text as written', () => {
    const text = '<plist><dict><!-- a <key>Fake</key> comment --><key>A&amp;B</key><string>x<![CDATA[<y>]]>&#x41;&lt;</string></dict></plist>';
    const root = rootDict(text);
    assert.deepEqual(root.entries.map((e) => e.key), ['A&B']);
    const entry = root.entries[0];
    assert.equal(textAt(text, entry.keyRange), 'A&amp;B');
    assert.equal(stringAt(root, 'A&B'), 'x<y>A<');
    assert.equal(textAt(text, entry.value?.contentRange ?? { start: 0, end: 0 }), 'x<![CDATA[<y>]]>&#x41;&lt;');
  });

  it('reads empty and nested containers', () => {
    const text = '<plist><dict><key>P</key><dict><key>Inner</key><array/></dict><key>E</key><string/></dict></plist>';
    const root = rootDict(text);
    const inner = entryOf(asDict(entryOf(root, 'P')?.value), 'Inner');
    assert.deepEqual(asArray(inner?.value)?.items, []);
    assert.equal(stringAt(root, 'E'), '');
  });

  it('never throws on malformed input and marks it, keeping what it could read', () => {
    const cases = [
      '',
      'not xml at all',
      '<plist><dict><key>A</key><string>x</string>',
      '<plist><dict><key>A</key><string>x</dict></plist>',
      '<plist><dict><key>A</key><key>B</key><string>x</string></dict></plist>',
      '<plist><dict><key>A</key><bogus/></dict></plist>',
      '<plist><dict><string>no key</string></dict></plist>',
      '<plist><dict><key>A</key><string>&undefined;</string></dict></plist>',
      '<dict><key>A</key><string>x</string></dict>',
      '\u0000\uffff\ud800<plist>',
    ];
    for (const text of cases) {
      const doc = readPlist(text);
      assert.equal(doc.wellFormed, false, JSON.stringify(text));
    }
    const partial = readPlist('<plist><dict><key>A</key><string>x</string><key>B</key><bogus/></dict></plist>');
    assert.equal(stringAt(asDict(partial.root), 'A'), 'x');
  });

  it('reads integers the way CFPropertyList does', () => {
    const root = rootDict('<plist><dict><key>a</key><integer> 42 </integer><key>b</key><integer>-7</integer><key>c</key><integer>0x10</integer><key>d</key><integer>4.5</integer></dict></plist>');
    const values = root.entries.map((e) => (e.value?.kind === 'integer' ? e.value.value : 'not an integer'));
    assert.deepEqual(values, [42, -7, 16, undefined]);
  });

  it('recognises Xcode build-setting references', () => {
    assert.deepEqual(['$(PRODUCT_BUNDLE_IDENTIFIER)', '${PRODUCT_NAME}', '$PRODUCT_NAME', 'com.example.$(PRODUCT_NAME:rfc1034identifier)', 'com.example.dext', 'cost $5'].map(hasBuildSetting), [true, true, true, true, false, false]);
  });
});
