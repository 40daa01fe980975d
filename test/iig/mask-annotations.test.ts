// The iig layer: annotations are blanked with spaces (offsets and newlines kept) and recorded with their ranges.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskAnnotations } from '../../server/src/iig/mask-annotations';

describe('maskAnnotations', () => {
  it('blanks every annotation in an .iig and keeps length and line breaks', () => {
    const source = 'class KERNEL IOService : public OSObject {\r\n  virtual void F(OSAction * a TARGET, uint64_t t) REPLY LOCAL;\n  kern_return_t H() LOCALONLY QUEUENAME(Aux);\n};';
    const masked = maskAnnotations(source, 'iig');
    assert.equal(masked.text.length, source.length);
    assert.equal(masked.text, source.replace(/KERNEL|TARGET|REPLY|LOCALONLY|LOCAL|QUEUENAME\(Aux\)/g, (m) => ' '.repeat(m.length)));
    assert.deepEqual(
      masked.annotations.map((a) => [a.name, source.slice(a.start, a.end), a.argument ?? null]),
      [
        ['KERNEL', 'KERNEL', null],
        ['TARGET', 'TARGET', null],
        ['REPLY', 'REPLY', null],
        ['LOCAL', 'LOCAL', null],
        ['LOCALONLY', 'LOCALONLY', null],
        ['QUEUENAME', 'QUEUENAME(Aux)', 'Aux'],
      ],
    );
  });

  it('records TYPE arguments with their exact range, even across lines', () => {
    const source = 'virtual void T(OSAction * a, uint64_t t) TYPE(\n  IOTimerDispatchSource :: TimerOccurred );';
    const [type] = maskAnnotations(source, 'iig').annotations;
    assert.equal(type.name, 'TYPE');
    assert.equal(type.argument, 'IOTimerDispatchSource::TimerOccurred');
    assert.equal(source.slice(type.argumentStart, type.argumentEnd), 'IOTimerDispatchSource :: TimerOccurred');
    assert.equal(source.slice(type.start, type.end), 'TYPE(\n  IOTimerDispatchSource :: TimerOccurred )');
    assert.equal(maskAnnotations(source, 'iig').text.split('\n').length, 2);
  });

  it('leaves words in comments, strings, preprocessor lines and longer identifiers alone', () => {
    const source = '#define LOCAL_THING 1\n// LOCAL TYPE(X::Y)\n/* KERNEL */ const char * s = "LOCALONLY"; int MYLOCAL = LOCAL_THING; char c = \'L\';';
    const masked = maskAnnotations(source, 'iig');
    assert.equal(masked.text, source);
    assert.deepEqual(masked.annotations, []);
  });

  it('in C++ files takes only words in annotation position, so identifiers named LOCAL survive', () => {
    const source = 'enum Where { LOCAL, REMOTE };\nvoid H() LOCALONLY;\nvoid T(OSAction * a) TYPE(IOTimerDispatchSource::TimerOccurred);\nint x = LOCAL;';
    const masked = maskAnnotations(source, 'c++');
    assert.deepEqual(masked.annotations.map((a) => a.name), ['LOCALONLY', 'TYPE']);
    assert.ok(masked.text.includes('{ LOCAL, REMOTE }') && masked.text.endsWith('int x = LOCAL;'));
  });

  it('turns Clang block literals into brace blocks but keeps XOR', () => {
    const source = 'q->Cancel(^{ done(); }); s->Cancel(^(void) { done(); }); x = a ^ b; y = a^(b);';
    const masked = maskAnnotations(source, 'c++').text;
    assert.equal(masked, 'q->Cancel( { done(); }); s->Cancel(        { done(); }); x = a ^ b; y = a^(b);');
  });

  it('blanks the __block storage qualifier', () => {
    assert.equal(maskAnnotations('__block kern_return_t ret = 0;', 'c++').text, '        kern_return_t ret = 0;');
  });

  it('survives unterminated comments, strings and parentheses', () => {
    for (const source of ['TYPE(IOTimer', '/* LOCAL', '"LOCALONLY', "'", 'QUEUENAME(', '^(', '\u0000\uD800']) {
      const masked = maskAnnotations(source, 'iig');
      assert.equal(masked.text.length, source.length);
    }
  });
});
