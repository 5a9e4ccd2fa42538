/** What {@link parseXml} found: the root element's name and attributes, and every element name in document order. */
export interface XmlSummary {
  root: string;
  rootAttributes: Record<string, string>;
  elements: string[];
  /** `class` attribute of every element that has one. */
  classes: string[];
}

const NAME = /^[A-Za-z_][\w.:-]*$/;
const ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)\s*=\s*("[^"<]*"|'[^'<]*')/y;
const ENTITY = /&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);/y;

function checkText(text: string, where: number): void {
  for (let index = text.indexOf('&'); index >= 0; index = text.indexOf('&', index + 1)) {
    ENTITY.lastIndex = index;
    if (!ENTITY.test(text)) throw new Error(`stray '&' at ${where + index}`);
  }
  if (text.includes('<')) throw new Error(`stray '<' near ${where}`);
}

/**
 * A strict, small XML well-formedness check for rendered SVG (test support): balanced and properly nested tags,
 * quoted unique attributes, escaped `&` and `<`, one root element, comments/declarations skipped. Throws on the first
 * violation with its offset.
 */
export function parseXml(document: string): XmlSummary {
  const stack: string[] = [];
  const elements: string[] = [];
  const classes: string[] = [];
  let root = '';
  let rootAttributes: Record<string, string> = {};
  let position = 0;
  let closedRoot = false;
  while (position < document.length) {
    const open = document.indexOf('<', position);
    const text = document.slice(position, open < 0 ? document.length : open);
    if (text.trim().length > 0 && stack.length === 0) throw new Error(`text outside the root element at ${position}`);
    checkText(text, position);
    if (open < 0) break;
    if (document.startsWith('<!--', open)) {
      const end = document.indexOf('-->', open + 4);
      if (end < 0) throw new Error(`unterminated comment at ${open}`);
      position = end + 3;
      continue;
    }
    if (document.startsWith('<?', open) || document.startsWith('<!', open)) {
      const end = document.indexOf('>', open);
      if (end < 0) throw new Error(`unterminated declaration at ${open}`);
      position = end + 1;
      continue;
    }
    const close = document.startsWith('</', open);
    let cursor = open + (close ? 2 : 1);
    const nameMatch = /^[^\s/>]+/.exec(document.slice(cursor));
    const name = nameMatch?.[0] ?? '';
    if (!NAME.test(name)) throw new Error(`bad tag name '${name}' at ${open}`);
    cursor += name.length;
    if (close) {
      const end = /^\s*>/.exec(document.slice(cursor));
      if (end === null) throw new Error(`bad closing tag </${name} at ${open}`);
      const expected = stack.pop();
      if (expected !== name) throw new Error(`</${name}> at ${open} closes <${expected ?? 'nothing'}>`);
      if (stack.length === 0) closedRoot = true;
      position = cursor + end[0].length;
      continue;
    }
    if (closedRoot) throw new Error(`second root element <${name}> at ${open}`);
    const attributes: Record<string, string> = {};
    for (;;) {
      ATTRIBUTE.lastIndex = cursor;
      const match = ATTRIBUTE.exec(document);
      if (match === null) break;
      const [, key, quoted] = match as unknown as [string, string, string];
      if (key in attributes) throw new Error(`duplicate attribute ${key} on <${name}> at ${open}`);
      const value = quoted.slice(1, -1);
      checkText(value, cursor);
      attributes[key] = value;
      cursor = ATTRIBUTE.lastIndex;
    }
    const end = /^\s*(\/?)>/.exec(document.slice(cursor));
    if (end === null) throw new Error(`malformed start tag <${name} at ${open}`);
    if (stack.length === 0) {
      root = name;
      rootAttributes = attributes;
    }
    elements.push(name);
    if (attributes.class !== undefined) classes.push(attributes.class);
    if (end[1] === '/') {
      if (stack.length === 0) closedRoot = true;
    } else {
      stack.push(name);
    }
    position = cursor + end[0].length;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (root === '') throw new Error('no root element');
  return { root, rootAttributes, elements, classes };
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian), after checking the signature. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((byte, index) => bytes[index] === byte)) throw new Error('not a PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.slice(12, 16)) !== 'IHDR') throw new Error('first chunk is not IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
