/**
 * Line-level edits that keep a user's file as it was everywhere else: each line carries its own
 * ending (LF, CRLF, CR, or none on an unterminated last line), and inserting or removing a line
 * never changes how the lines around it end, so a remove undoes an insert byte for byte.
 */

/** One line and the ending it had in the file ('' only for an unterminated last line). */
export interface TextLine {
  readonly text: string;
  readonly eol: string;
}

/** Splits on the given line endings (longest first in the pattern), keeping each line's ending. */
export function splitTextLines(text: string, endings: RegExp = /\r\n|\n/g): TextLine[] {
  const lines: TextLine[] = [];
  const pattern = new RegExp(endings.source, 'g');
  let start = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    lines.push({ text: text.slice(start, m.index), eol: m[0] });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' });
  return lines;
}

/** The inverse of `splitTextLines`. */
export const joinTextLines = (lines: readonly TextLine[]) => lines.map((l) => l.text + l.eol).join('');

/** The ending new lines get: the one the file uses most, LF for a file without any. */
export function usualEol(lines: readonly TextLine[]): string {
  const counts = new Map<string, number>();
  for (const { eol } of lines) if (eol !== '') counts.set(eol, (counts.get(eol) ?? 0) + 1);
  let best = '\n';
  let bestCount = 0;
  for (const [eol, count] of counts) if (count > bestCount) [best, bestCount] = [eol, count];
  return best;
}

/**
 * Inserts `text` before `index`. After an unterminated last line, that line gets the file's ending
 * and the new line stays unterminated, so the file keeps its "no final newline" shape.
 */
export function insertTextLine(lines: readonly TextLine[], index: number, text: string): TextLine[] {
  const eol = usualEol(lines);
  const out = [...lines];
  const previous = out[index - 1];
  const extendsOpenEnd = previous !== undefined && previous.eol === '';
  if (extendsOpenEnd) out[index - 1] = { text: previous.text, eol };
  out.splice(index, 0, { text, eol: extendsOpenEnd ? '' : eol });
  return out;
}

/**
 * Removes the given lines; if the unterminated last line goes, the new last line becomes
 * unterminated again, losing only the ending `insertTextLine` gave it. One case needs care: a file
 * ending in a bare CR got an LF after it, and the two read back as one CRLF ending; where the file
 * does not otherwise use CRLF, only that LF is taken away and the CR stays.
 */
export function removeTextLines(lines: readonly TextLine[], indexes: ReadonlySet<number>): TextLine[] {
  const out = lines.filter((_, i) => !indexes.has(i));
  const last = lines[lines.length - 1];
  const tail = out[out.length - 1];
  if (last !== undefined && last.eol === '' && indexes.has(lines.length - 1) && tail !== undefined) {
    const others = out.slice(0, -1);
    const keptCr = tail.eol === '\r\n' && usualEol(others) !== '\r\n' ? '\r' : '';
    out[out.length - 1] = { text: tail.text + keptCr, eol: '' };
  }
  return out;
}
