package dev.seccompsync.manifest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The text of a YAML file. The encoding is found as the YAML specification says: from the byte
 * order mark, or without one from the pattern of NUL bytes that an ASCII first character leaves in
 * UTF-16 and UTF-32; UTF-8 otherwise. Decoding is strict, so that a binary file or a Latin-1 file
 * is refused with the line of its first bad byte instead of being read with replacement characters.
 */
final class YamlText {

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private YamlText() {}

  /**
   * A decoded file.
   *
   * @param text the characters, without byte order marks at the start of the file or of a line
   * @param encoding the encoding's name, such as {@code UTF-16LE}
   * @param deduced whether the encoding was deduced from NUL bytes rather than declared by a byte
   *     order mark (or the UTF-8 default)
   */
  record Decoded(String text, String encoding, boolean deduced) {}

  /**
   * Decodes a file.
   *
   * @throws YamlFormatException when the bytes are not valid in the encoding
   */
  static Decoded decode(byte[] content) {
    int skip = 0;
    Charset charset = StandardCharsets.UTF_8;
    boolean deduced = false;
    if (startsWith(content, 0x00, 0x00, 0xFE, 0xFF)) {
      charset = Charset.forName("UTF-32BE");
      skip = 4;
    } else if (startsWith(content, 0xFF, 0xFE, 0x00, 0x00)) {
      charset = Charset.forName("UTF-32LE");
      skip = 4;
    } else if (startsWith(content, 0xFE, 0xFF)) {
      charset = StandardCharsets.UTF_16BE;
      skip = 2;
    } else if (startsWith(content, 0xFF, 0xFE)) {
      charset = StandardCharsets.UTF_16LE;
      skip = 2;
    } else if (startsWith(content, 0xEF, 0xBB, 0xBF)) {
      skip = 3;
    } else if (content.length >= 4 && nul(content, 0, 1, 2) && !nul(content, 3)) {
      charset = Charset.forName("UTF-32BE");
      deduced = true;
    } else if (content.length >= 4 && !nul(content, 0) && nul(content, 1, 2, 3)) {
      charset = Charset.forName("UTF-32LE");
      deduced = true;
    } else if (content.length >= 2 && nul(content, 0) && !nul(content, 1)) {
      charset = StandardCharsets.UTF_16BE;
      deduced = true;
    } else if (content.length >= 2 && !nul(content, 0) && nul(content, 1)) {
      charset = StandardCharsets.UTF_16LE;
      deduced = true;
    }
    var text = strictly(charset, content, skip);
    return new Decoded(withoutByteOrderMarks(text), charset.name(), deduced);
  }

  /** The 1-based line of a character index, counting LF, CRLF and a lone CR as line breaks. */
  static int lineAt(String text, int index) {
    int line = 1;
    int end = Math.min(index, text.length());
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
      }
    }
    return line;
  }

  /** The text of a 1-based line, without its line break; empty past the end. */
  static String lineText(String text, int line) {
    int start = 0;
    for (int current = 1; current < line; current++) {
      int next = nextLine(text, start);
      if (next < 0) {
        return "";
      }
      start = next;
    }
    int end = start;
    while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
      end++;
    }
    return text.substring(start, end);
  }

  /**
   * Finds tabs in the indentation of block mapping keys. snakeyaml-engine accepts a tab after the
   * indenting spaces (YAML 1.2 counts it as separation), while the YAML 1.1 reader kubectl uses
   * refuses the file; both readers must see the same file as valid.
   */
  static final class Indentation {
    private final String text;
    private int[] lineStarts;

    Indentation(String text) {
      this.text = text.indexOf('\t') >= 0 ? text : null;
    }

    /**
     * @throws YamlFormatException when the key's line is indented with a tab
     */
    void check(ScalarNode key) {
      if (text == null || key.getStartMark().isEmpty()) {
        return;
      }
      var mark = key.getStartMark().get();
      if (lineStarts == null) {
        lineStarts = lineStarts(text);
      }
      if (mark.getLine() >= lineStarts.length) {
        return;
      }
      int start = lineStarts[mark.getLine()];
      int end = Math.min(text.length(), start + mark.getColumn());
      var prefix = text.substring(start, end);
      if (prefix.indexOf('\t') >= 0 && prefix.isBlank()) {
        int line = mark.getLine() + 1;
        throw YamlFormatException.explained(
            line,
            "tab character used for indentation at line %d; indent with spaces".formatted(line));
      }
    }

    private static int[] lineStarts(String text) {
      var starts = new java.util.ArrayList<Integer>();
      starts.add(0);
      for (int next = nextLine(text, 0); next >= 0; next = nextLine(text, next)) {
        starts.add(next);
      }
      return starts.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static int nextLine(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        return i + 1;
      }
      if (c == '\r') {
        return i + 1 < text.length() && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
      }
    }
    return -1;
  }

  private static String strictly(Charset charset, byte[] content, int skip) {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    var in = ByteBuffer.wrap(content, skip, content.length - skip);
    var out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16L, content.length + 16L));
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      out.flip();
      int line = lineAt(out.toString(), out.length());
      throw YamlFormatException.explained(line, invalid(charset, content, in.position(), line));
    }
    out.flip();
    return out.toString();
  }

  private static String invalid(Charset charset, byte[] content, int position, int line) {
    if (charset.equals(StandardCharsets.UTF_8)) {
      return ("byte 0x%02X at line %d is not UTF-8 (a binary file, or text in another encoding"
              + " such as Latin-1); save the file as UTF-8")
          .formatted(content[position] & 0xFF, line);
    }
    return "text at line %d is not valid %s; save the file as UTF-8"
        .formatted(line, charset.name().toUpperCase(Locale.ROOT));
  }

  /**
   * Drops the byte order marks that concatenated files leave at the start of a document; YAML
   * allows one there, and none belongs in a key or value.
   */
  private static String withoutByteOrderMarks(String text) {
    if (text.indexOf(BYTE_ORDER_MARK) < 0) {
      return text;
    }
    var out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineStart = i == 0 || text.charAt(i - 1) == '\n' || text.charAt(i - 1) == '\r';
      if (c != BYTE_ORDER_MARK || !lineStart) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean startsWith(byte[] content, int... prefix) {
    if (content.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((content[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean nul(byte[] content, int... positions) {
    for (int position : positions) {
      if (content[position] != 0) {
        return false;
      }
    }
    return true;
  }
}
