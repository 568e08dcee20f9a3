package dev.seccompsync.manifest;

import java.nio.charset.StandardCharsets;

/**
 * A UTF-8 file's text for editing in place, with whether it began with a byte order mark, so that
 * the edited file is written back with the same mark.
 *
 * @param text the text without the byte order mark
 * @param bom whether the file began with one
 */
public record EditableText(String text, boolean bom) {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /**
   * The text of a file.
   *
   * @throws IllegalArgumentException when the file is UTF-16, which in-place edits do not write
   */
  public static EditableText of(byte[] bytes) {
    if (bytes.length >= 2
        && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
            || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
      throw new IllegalArgumentException("the file is UTF-16; convert it to UTF-8 first");
    }
    boolean bom =
        bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    int skip = bom ? BOM.length : 0;
    return new EditableText(
        new String(bytes, skip, bytes.length - skip, StandardCharsets.UTF_8), bom);
  }

  /** The bytes of another text for the same file: UTF-8, with the mark if the file had one. */
  public byte[] bytes(String edited) {
    var bytes = edited.getBytes(StandardCharsets.UTF_8);
    if (!bom) {
      return bytes;
    }
    var withBom = new byte[bytes.length + BOM.length];
    System.arraycopy(BOM, 0, withBom, 0, BOM.length);
    System.arraycopy(bytes, 0, withBom, BOM.length, bytes.length);
    return withBom;
  }
}
